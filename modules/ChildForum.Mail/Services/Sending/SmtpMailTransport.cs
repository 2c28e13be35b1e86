using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ChildForum.Mail.Services.Sending;

/// <summary>One connection to the configured SMTP server for one batch: opened at the first mail, reused for the others,
/// closed with the batch. A connection that broke is opened again for the next mail.</summary>
public sealed class SmtpMailTransport(SmtpOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SmtpClient _client = new() { Timeout = (int)Timeout.TotalMilliseconds };

    /// <summary>The MailKit socket option for <c>Mail:Smtp:Security</c>; null for a value that is none of the three.</summary>
    public static SecureSocketOptions? Security(string? security) => security?.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => null,
    };

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            var security = Security(options.Security)
                ?? throw new SmtpUnreachableException($"Mail:Smtp:Security is '{options.Security}'; it must be none, starttls or tls.", null);
            try
            {
                await _client.ConnectAsync(options.Host ?? "", options.Port, security, cancellationToken);
                if (!string.IsNullOrEmpty(options.User))
                {
                    await _client.AuthenticateAsync(options.User, options.Password ?? "", cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(quit: false, CancellationToken.None);
                }
                var reason = e is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : e.Message;
                throw new SmtpUnreachableException($"The mail server {options.Host}:{options.Port} could not be reached or refused the session: {reason}", e);
            }
        }
        await _client.SendAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The mails are sent; a goodbye that fails changes nothing.
            }
        }
        _client.Dispose();
    }
}

/// <summary>No session with the SMTP server (not reachable, refused, TLS or sign-in failed): every mail of the batch would
/// fail the same way.</summary>
public sealed class SmtpUnreachableException(string message, Exception? inner) : Exception(message, inner);
