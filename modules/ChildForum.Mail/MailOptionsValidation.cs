using ChildForum.Mail.Services.Sending;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ChildForum.Mail;

/// <summary>Checks the mail settings at start: a value the sender could not use (an unknown security mode, a port out of
/// range, a sender address that does not parse, no sender address at all while an SMTP server is set) stops the site with
/// a sentence naming the key, instead of mail that fails one by one later. Without <c>Mail:Smtp:Host</c> only the values
/// given are checked: the site sends no mail.</summary>
public sealed class MailOptionsValidation : IValidateOptions<MailOptions>, IValidateOptions<SendingOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var errors = new List<string>();
        Server("Mail:Smtp", options.Smtp.Port, options.Smtp.Security, errors);
        Server("Mail:Imap", options.Imap.Port, options.Imap.Security, errors);
        if (options.Enabled && string.IsNullOrWhiteSpace(options.From))
        {
            errors.Add("Mail:From is required when Mail:Smtp:Host is set: give the sender address of every mail, e.g. \"ChildForum <forum@example.org>\".");
        }
        if (!string.IsNullOrWhiteSpace(options.From) && !(MailboxAddress.TryParse(options.From, out var from) && from.Domain.Length > 0))
        {
            errors.Add($"Mail:From is '{options.From}', which is not a mail address; give e.g. \"ChildForum <forum@example.org>\".");
        }
        if (!string.IsNullOrWhiteSpace(options.ReplyAddress) && !(MailboxAddress.TryParse(options.ReplyAddress, out var reply) && reply.Domain.Length > 0 && !reply.LocalPart.Contains('+', StringComparison.Ordinal)))
        {
            errors.Add($"Mail:ReplyAddress is '{options.ReplyAddress}'; give a plain address without '+', e.g. reply@forum.example.org.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, SendingOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Mail:Sending:PollInterval is {options.PollInterval}; give a positive time, e.g. 00:00:30.");
        }
        if (options.ClaimDuration <= TimeSpan.Zero)
        {
            errors.Add($"Mail:Sending:ClaimDuration is {options.ClaimDuration}; give a positive time, e.g. 00:05:00.");
        }
        if (options.FirstRetryDelay < TimeSpan.Zero)
        {
            errors.Add($"Mail:Sending:FirstRetryDelay is {options.FirstRetryDelay}; give a time of zero or more, e.g. 00:01:00.");
        }
        if (options.ComposeAhead is < 1 or > 64)
        {
            errors.Add($"Mail:Sending:ComposeAhead is {options.ComposeAhead}; give a whole number from 1 to 64.");
        }
        if (options.BatchSize is < 1 or > 1000)
        {
            errors.Add($"Mail:Sending:BatchSize is {options.BatchSize}; give a whole number from 1 to 1000.");
        }
        if (options.MaxAttempts is < 1 or > 50)
        {
            errors.Add($"Mail:Sending:MaxAttempts is {options.MaxAttempts}; give a whole number from 1 to 50.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Server(string key, int port, string security, List<string> errors)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{key}:Port is {port}; give a port from 1 to 65535.");
        }
        if (SmtpMailTransport.Security(security) is null)
        {
            errors.Add($"{key}:Security is '{security}'; give none, starttls or tls.");
        }
    }
}
