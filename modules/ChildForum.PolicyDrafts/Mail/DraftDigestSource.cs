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
/// Three queries for all the person's groups.</summary>
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
        var ids = groups.Keys.ToList();
        var (since, until, me) = (context.SinceUtc, context.UntilUtc, context.Recipient.Id);
        var versions = await (from v in db.Set<DraftVersion>().AsNoTracking()
                              join d in db.Set<PolicyDraft>() on v.DraftId equals d.Id
                              where ids.Contains(d.GroupId) && v.Number > 1 && v.CreatedAt >= since && v.CreatedAt < until && v.AuthorId != me
                              group v by v.DraftId into g
                              select new { DraftId = g.Key, Number = g.Max(v => v.Number) }).ToDictionaryAsync(v => v.DraftId, v => v.Number, cancellationToken);
        var moved = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == StatusAction && a.TargetType == "draft" && a.GroupId != null && ids.Contains(a.GroupId.Value)
                    && a.At >= since && a.At < until && a.ActorId != me)
                .Select(a => a.TargetId).Distinct().ToListAsync(cancellationToken))
            .Select(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToHashSet();
        var mentioned = versions.Keys.Concat(moved).Distinct().ToList();
        var drafts = await db.Set<PolicyDraft>().AsNoTracking()
            .Where(d => ids.Contains(d.GroupId) && (mentioned.Contains(d.Id) || d.CreatedAt >= since && d.CreatedAt < until && d.CreatedById != me))
            .ToListAsync(cancellationToken);
        return drafts
            .GroupBy(d => d.GroupId)
            .Select(g => new DigestSection(Order, g.Key, t["Policy drafts"], g.OrderBy(d => d.Title, StringComparer.CurrentCulture)
                .SelectMany(d => Lines(d, versions, moved, since, until, me, context.Link($"/groups/{groups[g.Key].Slug}/drafts/{d.Id.ToString(CultureInfo.InvariantCulture)}")))
                .ToList()))
            .Where(s => s.Items.Count > 0)
            .OrderBy(s => groups[s.GroupId].Name, StringComparer.CurrentCulture)
            .ToList();
    }

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
