using ChildForum.Mail.Services.Sending;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Replies;

/// <summary>Reads replies by e-mail from the IMAP mailbox (<c>Mail:Imap:*</c>) with MailKit, on every web node, only when
/// <c>Mail:Imap:Host</c> and <c>Mail:ReplyAddress</c> are set. Each unseen mail of INBOX is handled
/// (<see cref="ReplyProcessor"/>), then marked seen and moved to <see cref="ReplyOptions.ProcessedFolder"/>, so it is
/// never read twice; when two nodes read the same mail at once, the mail's <c>Message-ID</c> as <c>clientMessageId</c>
/// still makes it one message. A mail whose handling failed (the database was down) stays unseen and is read again.
/// Between rounds the reader waits in IMAP IDLE (new mail wakes it at once) or polls; a dropped connection is opened again
/// after a back-off that doubles up to <see cref="ReplyOptions.MaxReconnectDelay"/>. Logs never carry a mail's text.</summary>
public sealed class ReplyReader(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> mail,
    IOptions<ReplyOptions> options,
    ILogger<ReplyReader> logger) : BackgroundService
{
    public bool Configured => !string.IsNullOrWhiteSpace(mail.Value.Imap.Host) && ReplyAddress.From(mail.Value) is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Configured)
        {
            return;
        }
        await Task.Yield();
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var client = new ImapClient();
                await ConnectAsync(client, stoppingToken);
                var inbox = client.Inbox;
                await inbox.OpenAsync(FolderAccess.ReadWrite, stoppingToken);
                var processed = await ProcessedFolderAsync(client, stoppingToken);
                delay = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await ReadUnseenAsync(inbox, processed, stoppingToken);
                    await WaitAsync(client, inbox, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The reply mailbox {Host}:{Port} could not be read; connecting again in {Delay}.", mail.Value.Imap.Host, mail.Value.Imap.Port, delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Task ConnectAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var imap = mail.Value.Imap;
        client.Timeout = 60_000;
        await client.ConnectAsync(imap.Host!, imap.Port, SmtpMailTransport.Security(imap.Security) ?? MailKit.Security.SecureSocketOptions.SslOnConnect, cancellationToken);
        if (!string.IsNullOrEmpty(imap.User))
        {
            await client.AuthenticateAsync(imap.User, imap.Password ?? "", cancellationToken);
        }
    }

    /// <summary>The folder for read mail, created on first use; null when the server lets none be made (the mail is then
    /// deleted instead).</summary>
    private async Task<IMailFolder?> ProcessedFolderAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var name = options.Value.ProcessedFolder;
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        try
        {
            return await root.GetSubfolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
        }
        try
        {
            return await root.CreateAsync(name, isMessageFolder: true, cancellationToken);
        }
        catch (ImapCommandException e)
        {
            logger.LogWarning("The reply mailbox has no folder {Folder} and cannot make one ({Error}): read mail is deleted instead.", name, e.Message);
            return null;
        }
    }

    private async Task ReadUnseenAsync(IMailFolder inbox, IMailFolder? processed, CancellationToken cancellationToken)
    {
        foreach (var uid in await inbox.SearchAsync(SearchQuery.NotSeen, cancellationToken))
        {
            try
            {
                // BODY.PEEK: the mail stays unseen until it was handled.
                var message = await inbox.GetMessageAsync(uid, cancellationToken);
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<ReplyProcessor>().HandleAsync(message, cancellationToken);
                }
            }
            catch (Exception e) when (e is not (OperationCanceledException or IOException or ImapProtocolException or ServiceNotConnectedException))
            {
                logger.LogError(e, "Reply mailbox: mail {Uid} could not be handled; it stays unseen and is read again.", uid);
                continue;
            }
            await inbox.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken);
            if (processed is not null)
            {
                await inbox.MoveToAsync(uid, processed, cancellationToken);
            }
            else
            {
                await inbox.AddFlagsAsync(uid, MessageFlags.Deleted, silent: true, cancellationToken);
                await inbox.ExpungeAsync([uid], cancellationToken);
            }
        }
    }

    /// <summary>Until new mail arrives (IDLE) or the poll interval passed.</summary>
    private async Task WaitAsync(ImapClient client, IMailFolder inbox, CancellationToken cancellationToken)
    {
        var interval = options.Value.PollInterval;
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(interval, cancellationToken);
            await client.NoOpAsync(cancellationToken);
            return;
        }
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        done.CancelAfter(interval);
        void Arrived(object? sender, EventArgs e) => done.Cancel();
        inbox.CountChanged += Arrived;
        try
        {
            await client.IdleAsync(done.Token, cancellationToken);
        }
        finally
        {
            inbox.CountChanged -= Arrived;
        }
    }
}
