using Microsoft.Extensions.Options;

namespace ChildForum.Files;

/// <summary>Checks the file settings at start, so that a site whose uploads could never be stored does not start:
/// each error names the key and says what to give instead.</summary>
public sealed class FilesOptionsValidation : IValidateOptions<FilesOptions>
{
    /// <summary>Far above any document a working group shares, and within what one request can carry.</summary>
    public const long LargestMaxBytes = 1024L * 1024 * 1024;

    /// <summary>More often would list the whole store for little gain.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(30);

    /// <summary>Well beyond the longest upload, archive build or download, whose bytes are stored before their row
    /// commits or read after their document was deleted.</summary>
    public static readonly TimeSpan ShortestGracePeriod = TimeSpan.FromHours(1);
    public static readonly TimeSpan LongestGracePeriod = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, FilesOptions options)
    {
        var errors = new List<string>();
        if (!options.UsesS3 && !string.Equals(options.Storage, "disk", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Files:Storage is '{options.Storage}'; give disk or s3.");
        }
        if (options.MaxBytes is < 1 or > LargestMaxBytes)
        {
            errors.Add($"Files:MaxBytes is {options.MaxBytes}; give a number of bytes from 1 to {LargestMaxBytes}, e.g. 52428800 (50 MB).");
        }
        if (options.Collection.Interval < ShortestInterval || options.Collection.Interval > LongestInterval)
        {
            errors.Add($"Files:Collection:Interval is {options.Collection.Interval}; give a time from {ShortestInterval} to {LongestInterval}, e.g. 06:00:00 (6 hours).");
        }
        if (options.Collection.GracePeriod < ShortestGracePeriod || options.Collection.GracePeriod > LongestGracePeriod)
        {
            errors.Add($"Files:Collection:GracePeriod is {options.Collection.GracePeriod}; give a time from {ShortestGracePeriod} to {LongestGracePeriod}, e.g. 1.00:00:00 (1 day).");
        }
        if (options.UsesS3)
        {
            if (!Uri.TryCreate(options.S3.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Files:S3:ServiceUrl is '{options.S3.ServiceUrl}'; with Files:Storage=s3 give the http(s) address of the S3 service.");
            }
            if (string.IsNullOrWhiteSpace(options.S3.Bucket) || !IsBucketName(options.S3.Bucket))
            {
                errors.Add($"Files:S3:Bucket is '{options.S3.Bucket}'; with Files:Storage=s3 give a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens.");
            }
            if (string.IsNullOrWhiteSpace(options.S3.AccessKey) || string.IsNullOrWhiteSpace(options.S3.SecretKey))
            {
                errors.Add("Files:S3:AccessKey and Files:S3:SecretKey are required with Files:Storage=s3.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
