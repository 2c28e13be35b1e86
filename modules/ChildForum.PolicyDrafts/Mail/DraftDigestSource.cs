using System.Globalization;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Mail;

/// <summary>The digest's policy-draft lines: drafts started, new versions, and drafts moved to consultation or adopted in
/// the period, other people's doing only. A stage is read from the audit log's <c>draft.status</c> entries (drafts keep no
/// stage history of their own) and announced only if the draft still has it, as <see cref="DraftMailComposer"/> does.
/// Three queries for all the groups of a sender batch (<see cref="DigestNews"/>).</summary>
public sealed class DraftDigestSource(ForumDbContext db, AccessRule rule, IStringLocalizer<PolicyDraftsResource> t) : IDigestSource
{
    public const int Order = 20;

    private const string StatusAction = "draft.status";

    public async Task<IReadOnlyList<DigestSection>> CollectAsync(DigestContext context, IReadOnlyCollection<int> groupIds, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        var groups = await DigestGroups.ReadableAsync(rule, context, groupIds, cancellationToken);
        if (groups.Count == 0)
        {
            return [];
        }
        var (since, until, me) = (context.SinceUtc, context.UntilUtc, context.Recipient.Id);
        var news = await context.News.GroupsAsync(nameof(DraftDigestSource), since, until, groups.Keys,
            missing => LoadAsync(missing, since, until, cancellationToken), g => g.GroupId);
        // Each reader's own doing is left out: their own versions, their own moves, the drafts they started.
        var versions = news.SelectMany(g => g.Versions).Where(v => v.AuthorId != me)
            .GroupBy(v => v.DraftId).ToDictionary(g => g.Key, g => g.Max(v => v.Number));
        var moved = news.SelectMany(g => g.Moves).Where(m => m.ActorId != me).Select(m => m.DraftId).ToHashSet();
        var drafts = news.SelectMany(g => g.Drafts)
            .Where(d => versions.ContainsKey(d.Id) || moved.Contains(d.Id) || d.CreatedAt >= since && d.CreatedAt < until && d.CreatedById != me)
            .ToList();
        return drafts
            .GroupBy(d => d.GroupId)
            .Select(g => new DigestSection(Order, g.Key, t["Policy drafts"], g.OrderBy(d => d.Title, StringComparer.CurrentCulture)
                .SelectMany(d => Lines(d, versions, moved, since, until, me, context.Link($"/groups/{groups[g.Key].Slug}/drafts/{d.Id.ToString(CultureInfo.InvariantCulture)}")))
                .ToList()))
            .Where(s => s.Items.Count > 0)
            .OrderBy(s => groups[s.GroupId].Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>The groups' versions, stage moves and the drafts they concern, with who did each, so that each reader's own
    /// can be left out: three queries for all the groups of a sender batch.</summary>
    private async Task<IReadOnlyList<GroupDrafts>> LoadAsync(IReadOnlyList<int> groupIds, DateTime since, DateTime until, CancellationToken cancellationToken)
    {
        var versions = await (from v in db.Set<DraftVersion>().AsNoTracking()
                              join d in db.Set<PolicyDraft>() on v.DraftId equals d.Id
                              where groupIds.Contains(d.GroupId) && v.Number > 1 && v.CreatedAt >= since && v.CreatedAt < until
                              group v by new { v.DraftId, d.GroupId, v.AuthorId } into g
                              select new VersionNews(g.Key.DraftId, g.Key.GroupId, g.Key.AuthorId, g.Max(v => v.Number))).ToListAsync(cancellationToken);
        var moves = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == StatusAction && a.TargetType == "draft" && a.GroupId != null && groupIds.Contains(a.GroupId.Value)
                    && a.At >= since && a.At < until)
                .Select(a => new { a.TargetId, GroupId = a.GroupId!.Value, a.ActorId }).Distinct().ToListAsync(cancellationToken))
            .Select(a => new MoveNews(int.TryParse(a.TargetId, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0, a.GroupId, a.ActorId))
            .Where(m => m.DraftId > 0).ToList();
        var mentioned = versions.Select(v => v.DraftId).Concat(moves.Select(m => m.DraftId)).Distinct().ToList();
        var drafts = await db.Set<PolicyDraft>().AsNoTracking()
            .Where(d => groupIds.Contains(d.GroupId) && (mentioned.Contains(d.Id) || d.CreatedAt >= since && d.CreatedAt < until))
            .ToListAsync(cancellationToken);
        return groupIds.Select(id => new GroupDrafts(id,
            versions.Where(v => v.GroupId == id).ToList(), moves.Where(m => m.GroupId == id).ToList(), drafts.Where(d => d.GroupId == id).ToList())).ToList();
    }

    private sealed record VersionNews(int DraftId, int GroupId, string AuthorId, int Number);

    private sealed record MoveNews(int DraftId, int GroupId, string? ActorId);

    private sealed record GroupDrafts(int GroupId, IReadOnlyList<VersionNews> Versions, IReadOnlyList<MoveNews> Moves, IReadOnlyList<PolicyDraft> Drafts);

    private IEnumerable<DigestItem> Lines(PolicyDraft draft, Dictionary<int, int> versions, HashSet<int> moved, DateTime since, DateTime until, string me, string link)
    {
        var started = draft.CreatedAt >= since && draft.CreatedAt < until && draft.CreatedById != me;
        if (started)
        {
            yield return new DigestItem(t["New draft “{0}”", draft.Title], link);
        }
        else if (versions.TryGetValue(draft.Id, out var number))
        {
            yield return new DigestItem(t["“{0}”: new version {1}", draft.Title, number], link);
        }
        if (moved.Contains(draft.Id) && draft.Status is DraftStatuses.Consultation or DraftStatuses.Adopted)
        {
            yield return new DigestItem(draft.Status == DraftStatuses.Consultation
                ? t["“{0}” is open for consultation", draft.Title]
                : t["“{0}” was adopted", draft.Title], link);
        }
    }
}
