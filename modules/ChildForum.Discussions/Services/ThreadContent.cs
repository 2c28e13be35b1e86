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
}
