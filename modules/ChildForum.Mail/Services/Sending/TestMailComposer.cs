using ChildForum.Core.Mail;
using ChildForum.Mail.Localization;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Services.Sending;

/// <summary>The administrators' test mail (kind <see cref="MailKinds.Test"/>): site mail that shows the server, the sender
/// address and the links work. It is queued for the administrator who asked, so it is written in their language, and
/// goes to the address they typed (<see cref="TestMail.Data"/>).</summary>
public sealed class TestMailComposer(IStringLocalizer<MailResource> t) : IMailComposer
{
    public bool Composes(string kind) => kind == MailKinds.Test;

    public Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        var markdown = $"""
            {t["This is a test mail from ChildForum, sent because {0} asked for one on the administrators' mail page.", context.Recipient.DisplayName]}

            {t["If you can read it, the site's mail server and sender address work."]}

            [{t["Open ChildForum"]}]({context.Link("/")})
            """;
        return Task.FromResult<MailContent?>(new MailContent(t["ChildForum test mail"], markdown));
    }
}

/// <summary>The one fact a test mail's row carries: the address the administrator typed.</summary>
public static class TestMail
{
    public static string Data(string address) => MailText.Data(new Dictionary<string, string> { ["to"] = address });

    /// <summary>The typed address, or null when the row carries none.</summary>
    public static string? Address(string? data) => MailText.String(data, "to");
}
