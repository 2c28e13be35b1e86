using System.Globalization;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Mail;

/// <summary>The digest's discussion lines: one per thread with new messages in the period, counting only what members read
/// (not deleted, not hidden by a facilitator) and not the recipient's own messages, linked to the first new one. The
/// groups' threads are asked once per sender batch (<see cref="DigestNews"/>), each reader's own messages taken out after.</summary>
public sealed class DiscussionDigestSource(ForumDbContext db, AccessRule rule, IStringLocalizer<DiscussionsResource> t) : IDigestSource
{
    public const int Order = 10;

    public async Task<IReadOnlyList<DigestSection>> CollectAsync(DigestContext context, IReadOnlyCollection<int> groupIds, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        var groups = await DigestGroups.ReadableAsync(rule, context, groupIds, cancellationToken);
        if (groups.Count == 0)
        {
            return [];
        }
        var (since, until, me) = (context.SinceUtc, context.UntilUtc, context.Recipient.Id);
        var news = await context.News.GroupsAsync(nameof(DiscussionDigestSource), since, until, groups.Keys,
            missing => LoadAsync(missing, since, until, cancellationToken), g => g.GroupId);
        var threads = news.SelectMany(g => g.Threads)
            .Where(x => x.AuthorId != me)
            .GroupBy(x => (x.Id, x.GroupId, x.Title, x.CreatedAt))
            .Select(g => new { g.Key.Id, g.Key.GroupId, g.Key.Title, g.Key.CreatedAt, Count = g.Sum(x => x.Count), FirstSeq = g.Min(x => x.FirstSeq) })
            .ToList();
        return threads
            .GroupBy(x => x.GroupId)
            .Select(g => new DigestSection(Order, g.Key, t["Discussions"],
                g.OrderBy(x => x.CreatedAt >= since ? 0 : 1).ThenBy(x => x.Title, StringComparer.CurrentCulture).Select(x => new DigestItem(
                    Line(x.Title, x.Count, x.CreatedAt >= since),
                    context.Link($"/groups/{groups[g.Key].Slug}/threads/{x.Id.ToString(CultureInfo.InvariantCulture)}#m{x.FirstSeq.ToString(CultureInfo.InvariantCulture)}"))).ToList()))
            .OrderBy(s => groups[s.GroupId].Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>The threads with new messages in the groups, counted per author, so that each reader's own can be left out.</summary>
    private async Task<IReadOnlyList<GroupThreads>> LoadAsync(IReadOnlyList<int> groupIds, DateTime since, DateTime until, CancellationToken cancellationToken)
    {
        var rows = await (from m in db.Set<Message>().AsNoTracking()
                          join x in db.Set<DiscussionThread>() on m.ThreadId equals x.Id
                          where groupIds.Contains(x.GroupId) && m.CreatedAt >= since && m.CreatedAt < until && !m.Deleted && !m.Hidden
                          group m by new { x.Id, x.GroupId, x.Title, x.CreatedAt, m.AuthorId } into g
                          select new ThreadNews(g.Key.Id, g.Key.GroupId, g.Key.Title, g.Key.CreatedAt, g.Key.AuthorId, g.Count(), g.Min(m => m.Seq)))
            .ToListAsync(cancellationToken);
        var byGroup = rows.ToLookup(r => r.GroupId);
        return groupIds.Select(id => new GroupThreads(id, byGroup[id].ToList())).ToList();
    }

    private sealed record ThreadNews(int Id, int GroupId, string Title, DateTime CreatedAt, string AuthorId, int Count, int FirstSeq);

    private sealed record GroupThreads(int GroupId, IReadOnlyList<ThreadNews> Threads);

    private string Line(string title, int count, bool isNew) => (isNew, count) switch
    {
        (true, 1) => t["New thread “{0}”: 1 message", title],
        (true, _) => t["New thread “{0}”: {1} messages", title, count],
        (false, 1) => t["“{0}”: 1 new message", title],
        _ => t["“{0}”: {1} new messages", title, count],
    };
}
