using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Localization;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ChildForum.Mail.Services.Replies;

/// <summary>What the reader did with one mail of the mailbox (for the log; the mail is done with in every case).</summary>
public enum ReplyHandling
{
    Posted,

    /// <summary>The same mail was posted before (read twice): nothing new.</summary>
    AlreadyPosted,

    /// <summary>Not posted; the person was sent a mail saying why (a locked account is not answered: it may read nothing).</summary>
    Refused,

    /// <summary>An address whose token is not genuine, or a sender who is not its person: nothing posted, and only a
    /// known sender is answered, without naming a thread or a person.</summary>
    Forged,

    /// <summary>An automatic mail (out-of-office, a bounce, our own mail): never answered, so no mail loop can start.</summary>
    Automatic,

    /// <summary>No reply address of ours among its recipients.</summary>
    NotAReply,
}

/// <summary>Handles one mail read from the reply mailbox, in a scope of its own: finds the reply address's token among
/// its recipients, checks it and that the sender is its person, leaves automatic mail alone, cuts the quoted text and
/// signature (<see cref="ReplyText"/>), and posts the rest as that person through the module that owns threads
/// (<see cref="IMailReplyTarget"/>: the same access rule, guard, rate limit and idempotency as the page; the mail's
/// <c>Message-ID</c> as <c>clientMessageId</c>). A refusal queues a <see cref="MailKinds.ReplyRefused"/> mail in the
/// person's language. Logs never carry a mail's text.</summary>
public sealed class ReplyProcessor(
    ForumDbContext db,
    ReplyTokens tokens,
    IOptions<MailOptions> options,
    IUserClaimsPrincipalFactory<ForumUser> principals,
    IEnumerable<IMailReplyTarget> targets,
    IMailOutbox outbox,
    TimeProvider clock,
    ILogger<ReplyProcessor> logger)
{
    /// <summary>At most <c>MessageService.ClientMessageIdMaxLength</c> (100) characters.</summary>
    public const int ClientMessageIdMaxLength = 100;

    private static readonly string[] RecipientHeaders = ["Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"];

    public async Task<ReplyHandling> HandleAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var address = ReplyAddress.From(options.Value);
        var target = targets.FirstOrDefault();
        if (address is null || target is null)
        {
            return ReplyHandling.NotAReply;
        }
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (IsAutomatic(message) || sender is null || address.IsOurs(sender)
            || MailboxAddress.TryParse(options.Value.From, out var from) && string.Equals(from.Address, sender, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation("Reply mailbox: an automatic mail ({MessageId}) was set aside.", message.MessageId);
            return ReplyHandling.Automatic;
        }
        if (Tokens(message, address).FirstOrDefault() is not { } token)
        {
            logger.LogInformation("Reply mailbox: a mail ({MessageId}) to no reply address was set aside.", message.MessageId);
            return ReplyHandling.NotAReply;
        }
        var mailKey = MailKey(message);
        var addressee = tokens.Read(token);
        var person = addressee is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == addressee.UserId, cancellationToken);
        if (addressee is null || person is null || !string.Equals(person.Email, sender, StringComparison.OrdinalIgnoreCase))
        {
            return await ForgedAsync(sender, mailKey, cancellationToken);
        }
        if (person.LockoutEnd > clock.GetUtcNow())
        {
            logger.LogInformation("Reply mailbox: a reply from the locked account {UserId} was not posted.", person.Id);
            return ReplyHandling.Refused;
        }

        var settings = await db.Set<NotificationSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.UserId == person.Id, cancellationToken);
        var culture = new CultureInfo(settings?.Language == ForumCultures.SimplifiedChinese ? ForumCultures.SimplifiedChinese : ForumCultures.English);
        var principal = await principals.CreateAsync(person);
        MailReplyResult result;
        var (cultureBefore, uiCultureBefore) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            result = await target.PostAsync(addressee.ThreadId, principal, ReplyText.Extract(message), ClientMessageId(message), cancellationToken);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (cultureBefore, uiCultureBefore);
        }
        if (result.Succeeded)
        {
            logger.LogInformation("Reply mailbox: a reply by {UserId} to thread {ThreadId} was {Result}.", person.Id, addressee.ThreadId, result.Status);
            return result.Status == MailReplyStatus.Posted ? ReplyHandling.Posted : ReplyHandling.AlreadyPosted;
        }
        logger.LogInformation("Reply mailbox: a reply by {UserId} to thread {ThreadId} was refused ({Reason}).", person.Id, addressee.ThreadId, result.Status);
        await RefuseAsync(person.Id, addressee.ThreadId, result.Status.ToString(), mailKey, cancellationToken);
        return ReplyHandling.Refused;
    }

    /// <summary>Answers a forged address only when its sender is a person of the site, and without naming anything.</summary>
    private async Task<ReplyHandling> ForgedAsync(string sender, string mailKey, CancellationToken cancellationToken)
    {
        var normalized = sender.ToUpperInvariant();
        var known = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        logger.LogWarning("Reply mailbox: a reply to an address that is not genuine for its sender was dropped{Answer}.", known is null ? "" : $"; user {known} is told");
        if (known is not null)
        {
            await RefuseAsync(known, 0, ReplyRefusal.Forged, mailKey, cancellationToken);
        }
        return ReplyHandling.Forged;
    }

    /// <summary>Queues the refusal mail once per mail read (a mail read again after a crash is not answered twice).</summary>
    private async Task RefuseAsync(string userId, int threadId, string reason, string mailKey, CancellationToken cancellationToken)
    {
        var data = ReplyRefusal.Data(reason, mailKey);
        if (await db.Set<OutgoingMail>().AnyAsync(m => m.UserId == userId && m.Kind == MailKinds.ReplyRefused && m.Data == data, cancellationToken))
        {
            return;
        }
        outbox.Enqueue(new MailRequest(userId, MailKinds.ReplyRefused, null, ReplyRefusal.Subject(threadId), data));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>RFC 3834 and the headers older autoresponders use; bounces come from the null sender or MAILER-DAEMON.</summary>
    public static bool IsAutomatic(MimeMessage message)
    {
        var headers = message.Headers;
        var auto = headers["Auto-Submitted"];
        var precedence = headers["Precedence"]?.Trim().ToLowerInvariant();
        var sender = message.From.Mailboxes.FirstOrDefault()?.LocalPart ?? "";
        return auto is not null && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase)
            || headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond")
            || precedence is "bulk" or "auto_reply" or "junk" or "list"
            || sender.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || sender.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The tokens of our reply addresses among the mail's recipients: To and Cc, then the headers a delivering
    /// server writes (Delivered-To, X-Original-To), for a reply that reached us as Bcc.</summary>
    private static IEnumerable<string> Tokens(MimeMessage message, ReplyAddress address)
    {
        var addresses = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).ToList();
        foreach (var header in RecipientHeaders)
        {
            foreach (var value in message.Headers.Where(h => h.Field.Equals(header, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value))
            {
                if (InternetAddressList.TryParse(value, out var list))
                {
                    addresses.AddRange(list.Mailboxes.Select(m => m.Address));
                }
            }
        }
        return addresses.Select(address.Token).OfType<string>();
    }

    /// <summary>The reply's <c>clientMessageId</c>: <c>mail:</c> + its <c>Message-ID</c>, or a hash of it when too long
    /// (or of the whole mail when it has none), so the same mail is one message however often it is read.</summary>
    public static string ClientMessageId(MimeMessage message)
    {
        var id = message.MessageId;
        if (!string.IsNullOrEmpty(id) && id.Length + 5 <= ClientMessageIdMaxLength && !id.Any(char.IsControl))
        {
            return "mail:" + id;
        }
        return "mail:" + MailKey(message);
    }

    /// <summary>A short stable name of the mail: SHA-256 of its <c>Message-ID</c>, or of the whole mail without one.</summary>
    public static string MailKey(MimeMessage message)
    {
        byte[] hash;
        if (!string.IsNullOrEmpty(message.MessageId))
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId));
        }
        else
        {
            using var bytes = new MemoryStream();
            message.WriteTo(bytes);
            hash = SHA256.HashData(bytes.ToArray());
        }
        return Convert.ToHexStringLower(hash.AsSpan(0, 20));
    }
}
