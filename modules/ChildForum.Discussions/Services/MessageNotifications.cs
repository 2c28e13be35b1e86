using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Notifications;
using ChildForum.Core.Security;
using ChildForum.Discussions.Mail;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Who hears of a new message besides the thread: the people it mentions (a notification and a mail) and the
/// author of the message it answers (a mail). Both are queued in the message's transaction, so that news of a message
/// exists only once the message does.</summary>
public sealed class MessageNotifications(ForumDbContext db, IGroupMembers groups, Notifier notifier, IMailOutbox mail)
{
    /// <summary>Adds a notification for each member whose display name follows an "@" in the body; returns their ids.</summary>
    public async Task<List<string>> AddMentionNotificationsAsync(GroupAccess group, DiscussionThread thread, Message message, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        if (!message.Body.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }
        var authorId = author.GetUserId();
        var authorName = await db.Users.Where(u => u.Id == authorId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var mentioned = (await groups.GetMembersAsync(group.GroupId, cancellationToken))
            .Where(m => m.UserId != authorId && m.DisplayName.Length > 0 && message.Body.Contains("@" + m.DisplayName, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.UserId).ToList();
        foreach (var userId in mentioned)
        {
            notifier.Add(userId, "mention", Notice.T["{0} mentioned you in “{1}”", authorName, thread.Title], $"/groups/{group.Slug}/threads/{thread.Id}#m{message.Seq}");
        }
        return mentioned;
    }

    /// <summary>Queues, in the message's transaction, a mail to each person mentioned and to the author of the message it
    /// answers (once: a mention wins). Called after the message is saved, because the mail names it by its id.
    /// Returns whether anything was queued.</summary>
    public async Task<bool> QueueMailsAsync(GroupAccess group, Message message, IReadOnlyCollection<string> mentioned, CancellationToken cancellationToken)
    {
        var subject = DiscussionMailComposer.Subject(message.Id);
        foreach (var userId in mentioned)
        {
            mail.Enqueue(new MailRequest(userId, MailKinds.Mention, group.GroupId, subject));
        }
        var answered = message.ReplyToId is { } replyToId
            ? await db.Set<Message>().AsNoTracking().Where(m => m.Id == replyToId && !m.Deleted).Select(m => m.AuthorId).SingleOrDefaultAsync(cancellationToken)
            : null;
        var replyQueued = answered is not null && answered != message.AuthorId && !mentioned.Contains(answered);
        if (replyQueued)
        {
            mail.Enqueue(new MailRequest(answered!, MailKinds.Reply, group.GroupId, subject));
        }
        return replyQueued || mentioned.Count > 0;
    }

    /// <summary>Pushes the new unread counts to the people notified, once the message is committed.</summary>
    public Task PushCountsAsync(IReadOnlyCollection<string> notified, CancellationToken cancellationToken) =>
        notifier.PushCountsAsync(notified, cancellationToken);
}
