using System.Globalization;
using System.Text;
using ChildForum.Accounts.Localization;
using ChildForum.Accounts.Services;
using ChildForum.Core.Mail;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Mail;

/// <summary>The invitation: the link a facilitator or administrator was shown, mailed to the invited person. The link
/// itself is the row's data (a facilitator sees the same one), and it is sent only while it still works: a newer link
/// (which queues its own mail) or an accepted invitation makes this mail not worth sending. The person has not chosen a
/// language yet, so the mail is in theirs (English until they choose) followed by the other one.</summary>
public sealed class InvitationMailComposer(UserInvitations invitations, IStringLocalizer<AccountsResource> t) : IMailComposer
{
    private const string LinkField = "link";

    public static MailRequest Request(string userId, string path) =>
        new(userId, MailKinds.Invitation, null, "user:" + userId, MailText.Data(new Dictionary<string, string> { [LinkField] = path }));

    public bool Composes(string kind) => kind == MailKinds.Invitation;

    public async Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        var path = MailText.String(context.Request.Data, LinkField);
        if (path is null || !path.StartsWith("/account/invitation?", StringComparison.Ordinal) || !context.Recipient.InvitationPending)
        {
            return null;
        }
        var query = QueryHelpers.ParseQuery(path[path.IndexOf('?', StringComparison.Ordinal)..]);
        if (await invitations.FindByLinkAsync(query["user"].ToString(), query["token"].ToString()) is not { } invited || invited.Id != context.Recipient.Id)
        {
            return null;
        }
        var link = context.Link(path);
        var other = context.Culture.Name.StartsWith("zh", StringComparison.Ordinal) ? CultureInfo.GetCultureInfo("en") : CultureInfo.GetCultureInfo("zh-Hans");
        MailText.UseCulture(context.Culture);
        var subject = t["Your invitation to ChildForum"].Value;
        var body = new StringBuilder(Body(context.Recipient.DisplayName, link));
        MailText.UseCulture(other);
        body.Append("\n---\n\n").Append(Body(context.Recipient.DisplayName, link));
        return new MailContent(subject, body.ToString());
    }

    private string Body(string name, string link) =>
        new StringBuilder()
            .Append(MailText.Escape(t["Hello {0},", name])).Append("\n\n")
            .Append(MailText.Escape(t["You have been invited to ChildForum, where civil-society organisations, universities, businesses and government departments work together on policy for children's protection."])).Append("\n\n")
            .Append(MailText.Escape(t["Choose your password to start:"])).Append("\n\n")
            .Append('[').Append(MailText.Escape(t["Accept your invitation"])).Append("](").Append(link).Append(")\n\n")
            .Append(MailText.Escape(t["The link works once. If it no longer works, ask the person who invited you for a new one."])).Append('\n')
            .ToString();
}
