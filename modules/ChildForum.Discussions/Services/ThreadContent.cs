using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Lets other modules link to a thread (agenda items).</summary>
public sealed class ThreadContent(ForumDbContext db) : IGroupContent
{
    public string Kind => "thread";

    public Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken) =>
        db.Set<DiscussionThread>().Where(t => t.Id == id && t.GroupId == groupId).Select(t => t.Title).SingleOrDefaultAsync(cancellationToken);

    public string Url(string groupSlug, int id) => $"/groups/{groupSlug}/threads/{id}";

    /// <summary>A thread is read by the group's readers (its hidden messages are each message's business).</summary>
    public async Task<IReadOnlyDictionary<int, ContentAudience>> AudiencesAsync(IReadOnlyCollection<int> ids, int groupId, CancellationToken cancellationToken)
    {
        var found = await db.Set<DiscussionThread>().Where(t => ids.Contains(t.Id) && t.GroupId == groupId).Select(t => t.Id).ToListAsync(cancellationToken);
        return ids.Distinct().ToDictionary(id => id, id => found.Contains(id) ? ContentAudience.Readers : ContentAudience.Nobody);
    }

    /// <summary>A thread's audience never changes.</summary>
    public Task<IReadOnlyList<int>> ItemsOfSearchParentsAsync(IReadOnlyCollection<string> parents, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<int>>([]);
}
