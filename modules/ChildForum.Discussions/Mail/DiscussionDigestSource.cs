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
/// (not deleted, not hidden by a facilitator) and not the recipient's own messages, linked to the first new one. One query
/// for all the person's groups, so a digest run over many people stays a few queries per person.</summary>
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
        var ids = groups.Keys.ToList();
        var (since, until, me) = (context.SinceUtc, context.UntilUtc, context.Recipient.Id);
        var threads = await (from m in db.Set<Message>().AsNoTracking()
                             join x in db.Set<DiscussionThread>() on m.ThreadId equals x.Id
                             where ids.Contains(x.GroupId) && m.CreatedAt >= since && m.CreatedAt < until && !m.Deleted && !m.Hidden && m.AuthorId != me
                             group m by new { x.Id, x.GroupId, x.Title, x.CreatedAt } into g
                             select new { g.Key.Id, g.Key.GroupId, g.Key.Title, g.Key.CreatedAt, Count = g.Count(), FirstSeq = g.Min(m => m.Seq) })
            .ToListAsync(cancellationToken);
        return threads
            .GroupBy(x => x.GroupId)
            .Select(g => new DigestSection(Order, g.Key, t["Discussions"],
                g.OrderBy(x => x.CreatedAt >= since ? 0 : 1).ThenBy(x => x.Title, StringComparer.CurrentCulture).Select(x => new DigestItem(
                    Line(x.Title, x.Count, x.CreatedAt >= since),
                    context.Link($"/groups/{groups[g.Key].Slug}/threads/{x.Id.ToString(CultureInfo.InvariantCulture)}#m{x.FirstSeq.ToString(CultureInfo.InvariantCulture)}"))).ToList()))
            .OrderBy(s => groups[s.GroupId].Name, StringComparer.CurrentCulture)
            .ToList();
    }

    private string Line(string title, int count, bool isNew) => (isNew, count) switch
    {
        (true, 1) => t["New thread “{0}”: 1 message", title],
        (true, _) => t["New thread “{0}”: {1} messages", title, count],
        (false, 1) => t["“{0}”: 1 new message", title],
        _ => t["“{0}”: {1} new messages", title, count],
    };
}
