using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Lets other modules attach things to a message (files) without referencing this module. A deleted message
/// does not exist for them.</summary>
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
}
