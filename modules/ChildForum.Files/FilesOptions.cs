namespace ChildForum.Files;

/// <summary>The <c>Files</c> configuration section (keys in ../shared/API.md).</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    /// <summary><c>disk</c> (under <c>ChildForum:DataPath</c>/files) or <c>s3</c>.</summary>
    public string Storage { get; set; } = "disk";

    public S3Options S3 { get; set; } = new();

    /// <summary>The largest file accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>When stored bytes that no document or archive uses any more are deleted (an extension:
    /// docs/api-extensions.md).</summary>
    public CollectionOptions Collection { get; set; } = new();

    public bool UsesS3 => string.Equals(Storage, "s3", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An S3-compatible object store that every web node of the site shares.</summary>
public sealed class S3Options
{
    /// <summary>The service's base URL, e.g. <c>https://s3.eu-central-1.amazonaws.com</c> or a MinIO/s3rver address.
    /// Objects are addressed path-style (<c>{ServiceUrl}/{Bucket}/{key}</c>), which every S3-compatible server understands.</summary>
    public string? ServiceUrl { get; set; }
    public string? Bucket { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
}

/// <summary>The <c>Files:Collection</c> section: how often <see cref="Collection.BlobCollector"/> runs, and how old stored
/// bytes and a document's deletion must be before the bytes are deleted.</summary>
public sealed class CollectionOptions
{
    /// <summary>The time between two runs on a node (each node runs its own; running twice does no harm).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long bytes stay after they were last stored and after the deletion of the last document that used
    /// them: it covers the moment between storing bytes and committing their row, and downloads still being sent.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(1);
}
