using System.Globalization;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Localization;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ChildForum.Mail.Services.Sending;

/// <summary>What became of one attempt at one row.</summary>
/// <param name="Status">The row's new status; <see cref="OutgoingMailStatus.Queued"/> for an attempt to repeat.</param>
/// <param name="Error">Why it was not sent, for the administrators' page (never the mail's text).</param>
public sealed record DeliveryResult(OutgoingMailStatus Status, string? Error = null)
{
    public static readonly DeliveryResult Sent = new(OutgoingMailStatus.Sent);
    public static readonly DeliveryResult Digested = new(OutgoingMailStatus.Digested);

    public static DeliveryResult Withheld(string why) => new(OutgoingMailStatus.Withheld, why);

    public static DeliveryResult Failed(string why) => new(OutgoingMailStatus.Failed, why);

    public static DeliveryResult Retry(string why) => new(OutgoingMailStatus.Queued, why);
}

/// <summary>A row decided before sending: its result (withheld, digested, failed…), or the message to send.</summary>
public sealed record PreparedMail(DeliveryResult? Result, MimeMessage? Message)
{
    public static implicit operator PreparedMail(DeliveryResult result) => new(result, null);
}

/// <summary>Everything decided at send time for one row, in a scope of its own (so nothing read for an earlier row is
/// reused): the recipient still there and not locked, their choices (the one switch, the group's mode, the kinds they
/// unsubscribed from), the mail composed by the module that owns its kind as the recipient may read it now, in their
/// language, and sent.</summary>
public sealed class MailDelivery(
    ForumDbContext db,
    IUserClaimsPrincipalFactory<ForumUser> principals,
    IEnumerable<IMailComposer> composers,
    MailMessageBuilder builder,
    SiteAddress site,
    IOptions<MailOptions> options,
    TimeProvider clock)
{
    /// <summary>Decides the row and, when it is to be sent, composes it: the result, or the message to send.</summary>
    public async Task<PreparedMail> PrepareAsync(OutgoingMail row, CancellationToken cancellationToken)
    {
        var recipient = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == row.UserId, cancellationToken);
        if (recipient is null)
        {
            return DeliveryResult.Withheld("The recipient's account no longer exists.");
        }
        if (recipient.LockoutEnd > clock.GetUtcNow())
        {
            return DeliveryResult.Withheld("The recipient's account is locked.");
        }
        var settings = await db.Set<NotificationSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.UserId == row.UserId, cancellationToken);
        if (MailKinds.IsNotification(row.Kind) && await ChoiceAsync(row, settings, cancellationToken) is { } choice)
        {
            return choice;
        }
        if (!MailboxAddress.TryParse(options.Value.From, out var from) || string.IsNullOrEmpty(from.Domain))
        {
            return DeliveryResult.Retry("Mail:From is not set to an address: no mail can be sent.");
        }
        var to = Recipient(row, recipient);
        if (to is null)
        {
            return DeliveryResult.Withheld("The recipient has no usable e-mail address.");
        }
        var composer = composers.FirstOrDefault(c => c.Composes(row.Kind));
        if (composer is null)
        {
            return DeliveryResult.Failed($"No module composes mail of kind '{row.Kind}'.");
        }

        var culture = new CultureInfo(settings?.Language == ForumCultures.SimplifiedChinese ? ForumCultures.SimplifiedChinese : ForumCultures.English);
        var principal = await principals.CreateAsync(recipient);
        var request = new MailRequest(row.UserId, row.Kind, row.GroupId, row.Subject, row.Data);
        MimeMessage message;
        var (cultureBefore, uiCultureBefore) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            // Composers and the layout word the mail with IStringLocalizer, which reads the current UI culture.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            var content = await composer.ComposeAsync(new MailContext(request, recipient, principal, culture, site.PublicUrl), cancellationToken);
            if (content is null)
            {
                return DeliveryResult.Withheld("Nothing to send: its subject is gone, or the recipient may no longer read it.");
            }
            message = builder.Build(new MailEnvelope(row, from, to, culture, site.PublicUrl), content);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (cultureBefore, uiCultureBefore);
        }
        return new PreparedMail(null, message);
    }

    /// <summary>Sends a prepared message; a row decided without one keeps its result.</summary>
    public static async Task<DeliveryResult> SendAsync(PreparedMail prepared, SmtpMailTransport transport, CancellationToken cancellationToken)
    {
        if (prepared.Message is not { } message)
        {
            return prepared.Result!;
        }
        try
        {
            await transport.SendAsync(message, cancellationToken);
            return DeliveryResult.Sent;
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            // A permanent refusal of this address: trying again would be refused again.
            return DeliveryResult.Failed($"The mail server refused the recipient's address: {(int)e.StatusCode} {e.Message}");
        }
    }

    /// <summary>The recipient's choices for a notification: null to send it, else what to do with the row.</summary>
    private async Task<DeliveryResult?> ChoiceAsync(OutgoingMail row, NotificationSettings? settings, CancellationToken cancellationToken)
    {
        if (settings is { Enabled: false })
        {
            return DeliveryResult.Withheld("The recipient switched all mail off.");
        }
        var groupId = row.GroupId ?? 0;
        if (row.GroupId is { } group)
        {
            var mode = await db.Set<GroupNotificationSetting>().AsNoTracking()
                .Where(s => s.UserId == row.UserId && s.GroupId == group).Select(s => s.Mode).SingleOrDefaultAsync(cancellationToken) ?? NotificationModes.Each;
            if (mode == NotificationModes.Off)
            {
                return DeliveryResult.Withheld("The recipient switched this group's mail off.");
            }
            if (mode == NotificationModes.Digest && row.Kind != MailKinds.Digest)
            {
                return DeliveryResult.Digested;
            }
        }
        var optedOut = await db.Set<MailOptOut>().AnyAsync(o => o.UserId == row.UserId && o.GroupId == groupId && o.Kind == row.Kind, cancellationToken);
        return optedOut ? DeliveryResult.Withheld("The recipient unsubscribed from this kind of mail.") : null;
    }

    /// <summary>The person by name and address; a test mail goes to the address the administrator typed.</summary>
    private static MailboxAddress? Recipient(OutgoingMail row, ForumUser recipient)
    {
        var address = row.Kind == MailKinds.Test && TestMail.Address(row.Data) is { } typed ? typed : recipient.Email;
        if (!MailboxAddress.TryParse(address, out var mailbox) || string.IsNullOrEmpty(mailbox.Domain))
        {
            return null;
        }
        return address == recipient.Email ? new MailboxAddress(recipient.DisplayName, mailbox.Address) : mailbox;
    }
}
