using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Replies;

/// <summary>Checks <c>Mail:Replies</c> at start, so a value the reader could not use stops the site with a sentence naming
/// the key rather than a reader that spins or never reads.</summary>
public sealed class ReplyOptionsValidation : IValidateOptions<ReplyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplyOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Mail:Replies:PollInterval is {options.PollInterval}; give a positive time, e.g. 00:00:30.");
        }
        if (options.MaxReconnectDelay < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Mail:Replies:MaxReconnectDelay is {options.MaxReconnectDelay}; give one second or more, e.g. 00:05:00.");
        }
        if (string.IsNullOrWhiteSpace(options.ProcessedFolder) || options.ProcessedFolder.Any(c => char.IsControl(c) || c is '/' or '.' or '*' or '%'))
        {
            errors.Add($"Mail:Replies:ProcessedFolder is '{options.ProcessedFolder}'; give a plain folder name, e.g. Processed.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
