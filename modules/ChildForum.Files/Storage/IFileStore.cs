namespace ChildForum.Files.Storage;

/// <summary>Where the bytes of uploaded files live, addressed by their SHA-256: the same bytes are stored once, a stored
/// file never changes, and no name a user chose is ever part of a path. The site serves files only through its own
/// endpoints, never from a public path of the store.</summary>
public interface IFileStore
{
    /// <summary>A private folder where uploads are copied before they are inspected and stored.</summary>
    string StagingFolder { get; }

    /// <summary>Takes the staged file in under its hash (nothing happens when those bytes are already stored).</summary>
    Task PutAsync(StagedFile file, CancellationToken cancellationToken);

    /// <summary>The stored bytes for reading; the caller disposes the stream.</summary>
    Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>The place of a content hash in a store: <c>ab/cd/abcd…</c>, so that no folder holds more than a few
/// thousand files.</summary>
public static class ContentAddress
{
    public static string RelativePath(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A content address is 64 lower-case hex digits.", nameof(sha256));
        }
        return $"{sha256[..2]}/{sha256[2..4]}/{sha256}";
    }
}
