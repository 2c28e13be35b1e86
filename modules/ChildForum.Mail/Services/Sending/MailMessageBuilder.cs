using System.Globalization;
using System.Net;
using System.Text;
using ChildForum.Core.Mail;
using ChildForum.Core.Markdown;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Replies;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace ChildForum.Mail.Services.Sending;

/// <summary>What the builder needs of one mail besides its composed content.</summary>
/// <param name="To">The recipient's mailbox (a test mail may go to an address an administrator typed).</param>
/// <param name="PublicUrl">The site's address, ending in a slash, for the footer's links.</param>
public sealed record MailEnvelope(OutgoingMail Row, MailboxAddress From, MailboxAddress To, CultureInfo Culture, Uri PublicUrl);

/// <summary>Turns a composed mail into the message that is sent: both parts from the one Markdown text (plain text as
/// written, HTML through the site's Markdown pipeline in a small accessible layout), the calendar parts as Outlook and
/// Gmail expect them, a footer that says why the person got the mail, and the headers that make it one mail however
/// often it is tried (<c>Message-ID</c>), unsubscribable in one click (RFC 8058), recognisably automatic (RFC 3834), and
/// answerable into its thread (<c>Reply-To: reply+TOKEN@…</c>, see <see cref="ReplyTokens"/>) when it has one.
/// Call it with <see cref="CultureInfo.CurrentUICulture"/> set to the recipient's language.</summary>
public sealed class MailMessageBuilder(
    IMarkdownRenderer markdown,
    UnsubscribeTokens tokens,
    ReplyTokens replyTokens,
    IOptions<MailOptions> options,
    IStringLocalizer<MailResource> t)
{
    private readonly ReplyAddress? _replyAddress = ReplyAddress.From(options.Value);

    public const string NotificationsPath = "account/notifications";
    public const string UnsubscribePath = "mail/unsubscribe";

    public MimeMessage Build(MailEnvelope envelope, MailContent content)
    {
        var row = envelope.Row;
        var message = new MimeMessage();
        message.From.Add(envelope.From);
        message.To.Add(envelope.To);
        message.Subject = content.Subject;
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MessageId(row.MessageKey, envelope.From);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (content.ReplyThreadId is { } threadId && _replyAddress is not null && replyTokens.Create(row.UserId, threadId) is { } replyToken)
        {
            message.ReplyTo.Add(_replyAddress.With(replyToken));
        }

        var settingsUrl = SiteLinks.Absolute(envelope.PublicUrl, NotificationsPath);
        string? unsubscribeUrl = null;
        if (MailKinds.IsNotification(row.Kind))
        {
            var token = tokens.Create(new UnsubscribeRequest(row.UserId, row.GroupId ?? 0, row.Kind));
            unsubscribeUrl = SiteLinks.Absolute(envelope.PublicUrl, $"{UnsubscribePath}?token={token}");
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var footer = new Footer(
            MailKinds.IsNotification(row.Kind)
                ? t["You get this mail because your ChildForum notifications for this are on."]
                : t["ChildForum sent this mail to {0}.", envelope.To.Address],
            t["Choose which mail you get"], settingsUrl,
            unsubscribeUrl is null ? null : t["Unsubscribe from mail like this"].Value, unsubscribeUrl);

        var alternative = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = PlainText(content.Markdown, footer) },
            new TextPart(TextFormat.Html) { Text = Html(envelope.Culture, content, footer) },
        };
        var attachments = new List<MimeEntity>();
        foreach (var attachment in content.Attachments)
        {
            var type = ContentType.Parse(attachment.ContentType);
            if (type.IsMimeType("text", "calendar"))
            {
                // Outlook and Gmail show an invitation (accept, decline) for a text/calendar alternative whose method
                // parameter matches the file's METHOD; the same file as an attachment serves the clients that do not.
                alternative.Add(new MimePart(type) { Content = new MimeContent(new MemoryStream(attachment.Content)), ContentTransferEncoding = ContentEncoding.Base64 });
                attachments.Add(Attachment(new ContentType("application", "ics"), attachment));
            }
            else
            {
                attachments.Add(Attachment(type, attachment));
            }
        }
        if (attachments.Count == 0)
        {
            message.Body = alternative;
        }
        else
        {
            var mixed = new Multipart("mixed") { alternative };
            foreach (var attachment in attachments)
            {
                mixed.Add(attachment);
            }
            message.Body = mixed;
        }
        // A Content-* header belongs to the body entity (MimeKit moves it there when a message is read).
        message.Body.Headers.Add(HeaderId.ContentLanguage, envelope.Culture.Name);
        return message;
    }

    /// <summary><c>&lt;{key}@{domain of From}&gt;</c>: the same on every attempt of a row.</summary>
    public static string MessageId(Guid key, MailboxAddress from) => $"{key:N}@{from.Domain}";

    private static MimePart Attachment(ContentType type, MailAttachment attachment) => new(type)
    {
        Content = new MimeContent(new MemoryStream(attachment.Content)),
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
        ContentTransferEncoding = ContentEncoding.Base64,
        FileName = attachment.FileName,
    };

    private sealed record Footer(string Why, string SettingsText, string SettingsUrl, string? UnsubscribeText, string? UnsubscribeUrl);

    private static string PlainText(string body, Footer footer)
    {
        var text = new StringBuilder(body.TrimEnd()).Append("\n\n-- \n").Append(footer.Why).Append('\n')
            .Append(footer.SettingsText).Append(": ").Append(footer.SettingsUrl).Append('\n');
        if (footer.UnsubscribeUrl is not null)
        {
            text.Append(footer.UnsubscribeText).Append(": ").Append(footer.UnsubscribeUrl).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A layout that reads in any client and in a screen reader: the language declared, the subject as the one
    /// heading, the body as the site renders it, the footer's links spelled out. Styles are inline (clients drop
    /// <c>&lt;style&gt;</c>) and only set a readable measure and link colour with enough contrast.</summary>
    private string Html(CultureInfo culture, MailContent content, Footer footer)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(E(culture.Name)).Append("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(E(content.Subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;font-size:16px;line-height:1.5;\">\n")
            .Append("<div role=\"article\" aria-label=\"").Append(E(content.Subject)).Append("\" lang=\"").Append(E(culture.Name)).Append("\" style=\"max-width:40em;margin:0 auto;\">\n")
            .Append("<h1 style=\"font-size:1.4em;line-height:1.3;margin:0 0 0.8em;\">").Append(E(content.Subject)).Append("</h1>\n")
            .Append(markdown.ToHtml(content.Markdown)).Append('\n')
            .Append("<hr style=\"border:0;border-top:1px solid #767676;margin:2em 0 1em;\">\n")
            .Append("<footer style=\"font-size:0.9em;color:#4a4a4a;\">\n<p>").Append(E(footer.Why)).Append("</p>\n<p>")
            .Append("<a href=\"").Append(E(footer.SettingsUrl)).Append("\" style=\"color:#0b57d0;\">").Append(E(footer.SettingsText)).Append("</a>");
        if (footer.UnsubscribeUrl is not null)
        {
            html.Append("<br>\n<a href=\"").Append(E(footer.UnsubscribeUrl)).Append("\" style=\"color:#0b57d0;\">").Append(E(footer.UnsubscribeText!)).Append("</a>");
        }
        return html.Append("</p>\n</footer>\n</div>\n</body>\n</html>\n").ToString();
    }
}
