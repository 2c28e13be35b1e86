using System.Security.Claims;

namespace ChildForum.Core.Mail;

/// <summary>Where a reply by e-mail is posted: the module that owns threads posts it as the person who wrote it, through
/// the same service as a message sent from the page (the access rule, the children's-data guard, the rate limit and
/// idempotency by <c>clientMessageId</c>), and broadcasts it live. The mail module reads the mailbox and never touches
/// the threads' tables.</summary>
public interface IMailReplyTarget
{
    /// <summary>Posts <paramref name="body"/> (Markdown, the quoted text and signature already cut) into the thread.
    /// Call it with the author's language as the current UI culture.</summary>
    Task<MailReplyResult> PostAsync(int threadId, ClaimsPrincipal author, string body, string clientMessageId, CancellationToken cancellationToken);

    /// <summary>The thread as <paramref name="reader"/> may see it now (title and site path), or null when it is gone or
    /// they may not read it: a refusal mail links to the thread only then.</summary>
    Task<MailReplyThread?> FindThreadAsync(int threadId, ClaimsPrincipal reader, CancellationToken cancellationToken);
}

/// <summary>What became of a reply by e-mail; every value but <see cref="Posted"/> and <see cref="AlreadyPosted"/> is a
/// refusal that the person is told of, in their language, by a <see cref="MailKinds.ReplyRefused"/> mail.</summary>
public enum MailReplyStatus
{
    Posted,

    /// <summary>The same mail (its <c>Message-ID</c>) was posted before: nothing new is stored.</summary>
    AlreadyPosted,

    /// <summary>The thread is gone, or the person may no longer read it (removed from the group).</summary>
    NotFound,

    /// <summary>The person may read the thread but not post in it (e.g. an observer).</summary>
    MayNotPost,

    Locked,

    /// <summary>Nothing was left once the quoted text and the signature were cut.</summary>
    Empty,

    TooLong,

    /// <summary>The per-person rate limit: too many messages in a short time.</summary>
    TooQuick,

    /// <summary>The children's-data guard found a resident ID number.</summary>
    IdNumber,

    /// <summary>The children's-data guard found a phone number or e-mail address, which a mail cannot confirm.</summary>
    PersonalData,

    /// <summary>Any other refusal of the service.</summary>
    Refused,
}

/// <param name="MessagePath">The posted message's site path (with its anchor), when it was posted.</param>
public sealed record MailReplyResult(MailReplyStatus Status, string? MessagePath = null)
{
    public bool Succeeded => Status is MailReplyStatus.Posted or MailReplyStatus.AlreadyPosted;
}

/// <param name="Path">The thread's site path, for a link made absolute with the site's public address.</param>
public sealed record MailReplyThread(string Title, string Path);
