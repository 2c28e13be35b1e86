using System.Globalization;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Lets other modules attach things to a message (files) without referencing this module. A deleted message
/// does not exist for them; a hidden one is read by the group's facilitators only, as the message itself is.</summary>
public sealed class MessageContent(ForumDbContext db) : IGroupContent
{
    public string Kind => "message";

    public Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken) =>
        (from message in db.Set<Message>()
         join thread in db.Set<DiscussionThread>() on message.ThreadId equals thread.Id
         where message.Id == id && thread.GroupId == groupId && !message.Deleted
         select thread.Title).SingleOrDefaultAsync(cancellationToken);

    /// <summary>A message's place is in its thread, which this signature cannot look up: the group's page, whose list
    /// leads to it.</summary>
    public string Url(string groupSlug, int id) => $"/groups/{groupSlug}";

    public async Task<IReadOnlyDictionary<int, ContentAudience>> AudiencesAsync(IReadOnlyCollection<int> ids, int groupId, CancellationToken cancellationToken)
    {
        var wanted = ids.Select(id => (long)id).ToList();
        var rows = await (from message in db.Set<Message>()
                          join thread in db.Set<DiscussionThread>() on message.ThreadId equals thread.Id
                          where wanted.Contains(message.Id) && thread.GroupId == groupId && !message.Deleted
                          select new { message.Id, message.Hidden }).ToListAsync(cancellationToken);
        var found = rows.ToDictionary(r => (int)r.Id, r => r.Hidden ? ContentAudience.Facilitators : ContentAudience.Readers);
        return ids.Distinct().ToDictionary(id => id, id => found.GetValueOrDefault(id, ContentAudience.Nobody));
    }

    /// <summary>Hiding, showing again and deleting a message queue <c>message:{threadId}:{seq}</c>.</summary>
    public async Task<IReadOnlyList<int>> ItemsOfSearchParentsAsync(IReadOnlyCollection<string> parents, CancellationToken cancellationToken)
    {
        var keys = parents.Select(p => p.Split(':')).Where(p => p.Length == 3 && p[0] == Kind
                && int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => (Thread: int.Parse(p[1], CultureInfo.InvariantCulture), Seq: int.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        var ids = new List<int>();
        foreach (var byThread in keys.GroupBy(k => k.Thread))
        {
            var seqs = byThread.Select(k => k.Seq).ToList();
            ids.AddRange(await db.Set<Message>().Where(m => m.ThreadId == byThread.Key && seqs.Contains(m.Seq) && m.Id <= int.MaxValue)
                .Select(m => (int)m.Id).ToListAsync(cancellationToken));
        }
        return ids;
    }
}
