namespace ChildForum.Files.Storage;

/// <summary>Where the bytes of uploaded files live, addressed by their SHA-256: the same bytes are stored once, a stored
/// file never changes, and no name a user chose is ever part of a path. The site serves files only through its own
/// endpoints, never from a public path of the store. Bytes no row refers to any more are removed by
/// <see cref="Collection.BlobCollector"/>, which relies on <see cref="PutAsync"/> refreshing a stored file's time.</summary>
public interface IFileStore
{
    /// <summary>A private folder where uploads are copied before they are inspected and stored.</summary>
    string StagingFolder { get; }

    /// <summary>Takes the staged file in under its hash. When those bytes are already stored, their time is set to now
    /// instead, so that the collector, which deletes only files older than its grace period, keeps bytes just uploaded
    /// again even before their new row is committed.</summary>
    Task PutAsync(StagedFile file, CancellationToken cancellationToken);

    /// <summary>The stored bytes for reading; the caller disposes the stream.</summary>
    Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Every stored file, in no particular order (the staging folder is not part of the store).</summary>
    IAsyncEnumerable<StoredFile> ListAsync(CancellationToken cancellationToken);

    /// <summary>The stored file's time and size as they are now; null when it is not stored.</summary>
    Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Removes the stored file; nothing happens when it is already gone (another node deleted it first).</summary>
    Task DeleteAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>A file in a store: its hash, when it was stored or last stored again, and its length.</summary>
public sealed record StoredFile(string Sha256, DateTimeOffset LastModified, long Size);

/// <summary>The place of a content hash in a store: <c>ab/cd/abcd…</c>, so that no folder holds more than a few
/// thousand files.</summary>
public static class ContentAddress
{
    public static string RelativePath(string sha256)
    {
        if (!IsHash(sha256))
        {
            throw new ArgumentException("A content address is 64 lower-case hex digits.", nameof(sha256));
        }
        return $"{sha256[..2]}/{sha256[2..4]}/{sha256}";
    }

    /// <summary>Whether <paramref name="name"/> is a content address (64 lower-case hex digits): what a listing keeps.</summary>
    public static bool IsHash(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);
}
