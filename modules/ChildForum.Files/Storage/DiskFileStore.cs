namespace ChildForum.Files.Storage;

/// <summary>Files under <c>{ChildForum:DataPath}/files/ab/cd/{sha256}</c>. A staged file is moved in with one rename on
/// the same volume, so a reader never sees a half-written file, and a crash leaves at most a temporary file in
/// <see cref="StagingFolder"/>.</summary>
public sealed class DiskFileStore(string root) : IFileStore
{
    /// <summary>Where uploads are staged: inside the store's folder, so that the final move is a rename and not a copy.</summary>
    public string StagingFolder { get; } = Path.Combine(root, ".staging");

    public Task PutAsync(StagedFile file, CancellationToken cancellationToken)
    {
        var target = PathOf(file.Sha256);
        if (File.Exists(target))
        {
            return Task.CompletedTask;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(file.Path, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another request stored the same bytes first: they are the same file.
        }
        return Task.CompletedTask;
    }

    public Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous));

    private string PathOf(string sha256) => Path.Combine(root, ContentAddress.RelativePath(sha256));
}
