using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Mail;

/// <summary>Replies by e-mail into threads: posted through <see cref="MessageService.PostAsync"/>, exactly as a message
/// sent from the page (access rule, locked thread, rate limit, children's-data guard, idempotency, live broadcast), and
/// its refusals told apart for the mail that answers the person. A mail cannot confirm personal data, so a reply the guard
/// would ask about is refused rather than posted.</summary>
public sealed class DiscussionMailReplies(MessageService messages, ForumDbContext db, AccessRule rule) : IMailReplyTarget
{
    public async Task<MailReplyResult> PostAsync(int threadId, ClaimsPrincipal author, string body, string clientMessageId, CancellationToken cancellationToken)
    {
        var outcome = await messages.PostAsync(threadId, author, new PostMessageRequest(body, clientMessageId, null, false), cancellationToken);
        if (outcome.Succeeded)
        {
            var message = outcome.Value!;
            var thread = await FindThreadAsync(threadId, author, cancellationToken);
            return new MailReplyResult(outcome.Status == OutcomeStatus.Created ? MailReplyStatus.Posted : MailReplyStatus.AlreadyPosted,
                thread is null ? null : $"{thread.Path}#m{message.Seq.ToString(CultureInfo.InvariantCulture)}");
        }
        var code = outcome.Extensions?.GetValueOrDefault("code") as string;
        var status = outcome.Status switch
        {
            OutcomeStatus.NotFound or OutcomeStatus.Unauthorized => MailReplyStatus.NotFound,
            OutcomeStatus.Forbidden => MailReplyStatus.MayNotPost,
            OutcomeStatus.TooLarge => MailReplyStatus.TooLong,
            OutcomeStatus.TooManyRequests => MailReplyStatus.TooQuick,
            _ when code == PersonalDataGuard.IdNumberCode => MailReplyStatus.IdNumber,
            _ when code == PersonalDataGuard.ConfirmationCode => MailReplyStatus.PersonalData,
            OutcomeStatus.Invalid when outcome.Validation?.ToDictionary().ContainsKey("body") == true => MailReplyStatus.Empty,
            OutcomeStatus.Conflict when await db.Set<DiscussionThread>().AnyAsync(t => t.Id == threadId && t.Locked, cancellationToken) => MailReplyStatus.Locked,
            _ => MailReplyStatus.Refused,
        };
        return new MailReplyResult(status);
    }

    public async Task<MailReplyThread?> FindThreadAsync(int threadId, ClaimsPrincipal reader, CancellationToken cancellationToken)
    {
        var thread = await db.Set<DiscussionThread>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return null;
        }
        var decision = await rule.CheckAsync(reader, thread.GroupId, GroupPermissions.Read, cancellationToken);
        return decision.Allowed ? new MailReplyThread(thread.Title, $"/groups/{decision.Group.Slug}/threads/{thread.Id.ToString(CultureInfo.InvariantCulture)}") : null;
    }
}
