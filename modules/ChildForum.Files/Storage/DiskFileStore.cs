using System.Runtime.CompilerServices;

namespace ChildForum.Files.Storage;

/// <summary>Files under <c>{ChildForum:DataPath}/files/ab/cd/{sha256}</c>. A staged file is moved in with one rename on
/// the same volume, so a reader never sees a half-written file, and a crash leaves at most a temporary file in
/// <see cref="StagingFolder"/>. A file's last-write time is when it was stored or last stored again. Folders are never
/// removed, so that a store running at the same moment always finds the folder it just made.</summary>
public sealed class DiskFileStore(string root) : IFileStore
{
    /// <summary>Where uploads are staged: inside the store's folder, so that the final move is a rename and not a copy.</summary>
    public string StagingFolder { get; } = Path.Combine(root, ".staging");

    public Task PutAsync(StagedFile file, CancellationToken cancellationToken)
    {
        var target = PathOf(file.Sha256);
        if (TryTouch(target))
        {
            return Task.CompletedTask;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(file.Path, target, overwrite: false);
        }
        catch (IOException) when (TryTouch(target))
        {
            // Another request stored the same bytes first: they are the same file.
        }
        return Task.CompletedTask;
    }

    public Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous));

    public async IAsyncEnumerable<StoredFile> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var folder = new DirectoryInfo(root);
        if (!folder.Exists)
        {
            yield break;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 2 };
        foreach (var file in folder.EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Only files at their own address: not the staging folder's temporary files, nor anything an operator left.
            if (ContentAddress.IsHash(file.Name) && file.FullName == Path.GetFullPath(PathOf(file.Name)))
            {
                yield return new StoredFile(file.Name, file.LastWriteTimeUtc, file.Length);
            }
        }
    }

    public Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(sha256));
        return Task.FromResult(file.Exists ? new StoredFile(sha256, file.LastWriteTimeUtc, file.Length) : null);
    }

    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Never stored here: nothing to delete.
        }
        return Task.CompletedTask;
    }

    private string PathOf(string sha256) => Path.Combine(root, ContentAddress.RelativePath(sha256));

    /// <summary>Sets the stored file's time to now; false when it is not stored.</summary>
    private static bool TryTouch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
