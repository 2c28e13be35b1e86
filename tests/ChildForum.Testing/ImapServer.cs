using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>The Dovecot of <see cref="ExternalService.Imap"/>: the mailbox the site reads replies from. Any user name
/// signs in with the one password and has a mailbox of its own, so each test takes a new one (<see cref="NewMailbox"/>)
/// and tests that run at once never read each other's mail. A test delivers a reply with IMAP <c>APPEND</c>, as a mail
/// arrives from a real mail client, and sees it handled when the site has moved it out of INBOX.</summary>
public sealed class ImapServer
{
    private ImapServer(string host, int port, string user, string password)
    {
        Host = host;
        Port = port;
        User = user;
        Password = password;
    }

    public string Host { get; }
    public int Port { get; }

    /// <summary>The user named by <c>CHILDFORUM_TEST_IMAP</c>; any other name works with the same password.</summary>
    public string User { get; }

    public string Password { get; }

    /// <summary>The server named by <c>CHILDFORUM_TEST_IMAP</c> (<c>host:port,user,password</c>); skips the test without
    /// it, or fails it under CI.</summary>
    public static ImapServer Require()
    {
        var value = ExternalService.Imap.Require();
        if (value.Split(',', 3) is not [var address, var user, var password] || address.LastIndexOf(':') is var colon && colon <= 0)
        {
            throw new XunitException($"CHILDFORUM_TEST_IMAP is '{value}'; expected host:port,user,password.");
        }
        return new ImapServer(address[..colon], int.Parse(address[(colon + 1)..], CultureInfo.InvariantCulture), user, password);
    }

    /// <summary>A mailbox no other test uses.</summary>
    public string NewMailbox() => $"{User}-{Guid.NewGuid():N}";

    /// <summary>Settings that make the site read <paramref name="mailbox"/> (<c>Mail:Imap:*</c>), with a reply address and a
    /// short poll interval.</summary>
    public IReadOnlyDictionary<string, string?> SiteSettings(string mailbox, string replyAddress = "reply@childforum.test") => new Dictionary<string, string?>
    {
        ["Mail:Imap:Host"] = Host,
        ["Mail:Imap:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["Mail:Imap:Security"] = "none",
        ["Mail:Imap:User"] = mailbox,
        ["Mail:Imap:Password"] = Password,
        ["Mail:ReplyAddress"] = replyAddress,
        ["Mail:Replies:PollInterval"] = "00:00:01",
    };

    /// <summary>Puts <paramref name="message"/> into the mailbox's INBOX, unseen.</summary>
    public async Task DeliverAsync(string mailbox, MimeMessage message)
    {
        using var client = await ConnectAsync(mailbox);
        await client.Inbox.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    /// <summary>How many mails a folder of the mailbox holds (0 for a folder that does not exist yet).</summary>
    public async Task<int> CountAsync(string mailbox, string folder)
    {
        using var client = await ConnectAsync(mailbox);
        IMailFolder found;
        try
        {
            found = folder == "INBOX" ? client.Inbox : await client.GetFolder(client.PersonalNamespaces[0]).GetSubfolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }
        var status = await found.OpenAsync(FolderAccess.ReadOnly);
        var count = found.Count;
        await client.DisconnectAsync(true);
        return status == FolderAccess.None ? 0 : count;
    }

    /// <summary>Waits until INBOX is empty and <paramref name="processed"/> mails are in the folder the site moves read mail
    /// to.</summary>
    public async Task WaitUntilReadAsync(string mailbox, int processed, string folder = "Processed", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var (inbox, done) = (await CountAsync(mailbox, "INBOX"), await CountAsync(mailbox, folder));
            if (inbox == 0 && done >= processed)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"The site did not read the mailbox {mailbox} in time: {inbox} mails in INBOX, {done} in {folder} (expected {processed}).");
            }
            await Task.Delay(200);
        }
    }

    private async Task<ImapClient> ConnectAsync(string mailbox)
    {
        var client = new ImapClient { Timeout = 30_000 };
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(mailbox, Password);
        return client;
    }
}
