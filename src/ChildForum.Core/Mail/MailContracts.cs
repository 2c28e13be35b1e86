using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Identity;
using ChildForum.Core.Security;

namespace ChildForum.Core.Mail;

/// <summary>What a mail is about: each is also a choice a person can switch off with the mail's unsubscribe link (per group
/// and kind), except <see cref="Invitation"/>, <see cref="ReplyRefused"/> and <see cref="Test"/>, which are not notifications.</summary>
public static class MailKinds
{
    public const string Invitation = "invitation";
    public const string Agenda = "agenda";
    public const string MeetingChanged = "meeting-changed";
    public const string MeetingCancelled = "meeting-cancelled";
    public const string Minutes = "minutes";
    public const string DraftStage = "draft-stage";
    public const string Amendment = "amendment";
    public const string Mention = "mention";
    public const string Reply = "reply";
    public const string ActionAssigned = "action-assigned";
    public const string ActionDue = "action-due";
    public const string ActionOverdue = "action-overdue";
    public const string Digest = "digest";
    public const string Test = "test";

    /// <summary>The answer to a reply by e-mail that was not posted, saying why: site mail the person needs to know their
    /// words did not arrive, so it follows no choice.</summary>
    public const string ReplyRefused = "reply-refused";

    /// <summary>Kinds that follow the person's choices (off, digest, each); the others are always sent.</summary>
    public static bool IsNotification(string kind) => kind is not (Invitation or Test or ReplyRefused);

    public static readonly IReadOnlyList<string> All =
        [Invitation, Agenda, MeetingChanged, MeetingCancelled, Minutes, DraftStage, Amendment, Mention, Reply, ActionAssigned, ActionDue, ActionOverdue, Digest, Test, ReplyRefused];
}

/// <summary>One mail to one person, queued with the change that causes it. It holds no text: the mail is composed when
/// it is sent, by the module that owns <see cref="Subject"/>, as the recipient may read it then.</summary>
/// <param name="UserId">The recipient.</param>
/// <param name="Kind">One of <see cref="MailKinds"/>.</param>
/// <param name="GroupId">The group the subject belongs to; null for site mail (an invitation, a test).</param>
/// <param name="Subject">What it is about, as <c>type:id</c> (<c>meeting:12</c>, <c>message:345</c>, <c>draft:3</c>).</param>
/// <param name="Data">A few facts the composer needs that may change before sending (the meeting's SEQUENCE, an
/// amendment's decision), as short JSON; never text that a person wrote.</param>
public sealed record MailRequest(string UserId, string Kind, int? GroupId, string Subject, string? Data = null);

/// <summary>Queues mail in the caller's unit of work: the rows are saved and committed with the change itself (nothing
/// is queued for a change that is rolled back), and the sender is woken once saved. Without SMTP configured nothing is
/// queued.</summary>
public interface IMailOutbox
{
    void Enqueue(MailRequest request);
}

/// <summary>Composes the mails of some kinds at send time. Implemented by the module that owns the subject.</summary>
public interface IMailComposer
{
    bool Composes(string kind);

    /// <summary>The mail as <see cref="MailContext.Recipient"/> may read it now, in <see cref="MailContext.Culture"/>; null
    /// when there is nothing to send (the subject is gone, or the recipient may no longer read it: ask the access rule
    /// with <see cref="MailContext.Principal"/>).</summary>
    Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken);
}

/// <param name="Principal">The recipient as the access rule sees a signed-in person, built at send time.</param>
/// <param name="PublicUrl">The site's address for links (<c>ChildForum:PublicUrl</c>).</param>
public sealed record MailContext(MailRequest Request, ForumUser Recipient, ClaimsPrincipal Principal, CultureInfo Culture, Uri PublicUrl)
{
    /// <summary>An absolute link to a path of the site.</summary>
    public string Link(string path) => SiteLinks.Absolute(PublicUrl, path);
}

/// <summary>Absolute links under the site's public address, which may have a path of its own
/// (<c>https://example.org/forum</c>): a site path is taken relative to it, never to the host's root.</summary>
public static class SiteLinks
{
    public static string Absolute(Uri publicUrl, string path)
    {
        var root = publicUrl.GetLeftPart(UriPartial.Path);
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), path.TrimStart('/')).ToString();
    }
}

/// <summary>A composed mail. <see cref="Markdown"/> is the body: the plain-text part as written, the HTML part rendered by
/// the site's one Markdown pipeline (raw HTML off, sanitised) into the mail layout. Headings and links are real ones; no
/// meaning is carried by an image.</summary>
/// <param name="Subject">The subject line, in the recipient's language.</param>
/// <param name="Markdown">The body; links absolute (<see cref="MailContext.Link"/>), to the exact message, paragraph or item.</param>
/// <param name="ReplyThreadId">A thread the recipient may answer by replying to this mail (its Reply-To then carries a
/// signed token for this person and thread, when <c>Mail:ReplyAddress</c> is set).</param>
public sealed record MailContent(string Subject, string Markdown, int? ReplyThreadId = null)
{
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

/// <param name="ContentType">The full content type, e.g. <c>text/calendar; method=REQUEST; charset=utf-8</c>.</param>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>What a module adds to a person's daily digest: its news since the last digest in the groups the person
/// reads, as that person may read them (Chatham House as readers see it).</summary>
public interface IDigestSource
{
    /// <summary>Sections in the recipient's language, empty when nothing happened. <paramref name="groupIds"/> are the groups
    /// whose mode is <c>digest</c> and which the recipient may read.</summary>
    Task<IReadOnlyList<DigestSection>> CollectAsync(DigestContext context, IReadOnlyCollection<int> groupIds, CancellationToken cancellationToken);
}

/// <param name="TimeZone">The recipient's zone (UTC when they chose none): "today", "overdue" and dates in the digest
/// are the recipient's, not the server's.</param>
public sealed record DigestContext(ForumUser Recipient, ClaimsPrincipal Principal, CultureInfo Culture, Uri PublicUrl, DateTime SinceUtc, DateTime UntilUtc, TimeZoneInfo TimeZone)
{
    /// <summary>The day the digest is read on, in the recipient's zone (the end of its period).</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(UntilUtc, DateTimeKind.Utc), TimeZone));

    public string Link(string path) => SiteLinks.Absolute(PublicUrl, path);

    /// <summary>The groups the access rule let the recipient read when the digest was composed, asked once for all
    /// sources (<see cref="DigestGroups"/>); null when the caller did not ask, and each source asks.</summary>
    public IReadOnlyList<GroupAccess>? ReadableGroups { get; init; }

    /// <summary>Group news shared with the other digests of the sender's batch (<see cref="DigestNews"/>); a digest
    /// composed alone has its own.</summary>
    public DigestNews News { get; init; } = new();
}

/// <param name="Order">Where the section goes (lower first): threads 10, drafts 20, meetings 30, actions 40.</param>
public sealed record DigestSection(int Order, int GroupId, string Title, IReadOnlyList<DigestItem> Items);

/// <param name="Text">One line, plain text (the digest escapes it).</param>
public sealed record DigestItem(string Text, string Url);
