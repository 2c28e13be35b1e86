using System.Security.Cryptography;

namespace ChildForum.Files.Storage;

/// <summary>An upload copied to a private temporary file while its SHA-256 and length are computed, so that the bytes
/// are read once, never held whole in memory, and can be inspected before they are stored. Disposing it deletes the
/// temporary file unless a store took it.</summary>
public sealed class StagedFile : IAsyncDisposable
{
    private const int BufferSize = 81_920;

    private StagedFile(string path, string sha256, long length)
    {
        Path = path;
        Sha256 = sha256;
        Length = length;
    }

    /// <summary>The temporary file; a store may move it away (then it no longer exists here).</summary>
    public string Path { get; }

    public string Sha256 { get; }

    public long Length { get; }

    /// <summary>Copies <paramref name="source"/> into a new file in <paramref name="folder"/>; null when it holds more than
    /// <paramref name="maxBytes"/> (the copy stops there and is deleted).</summary>
    public static async Task<StagedFile?> CopyAsync(Stream source, string folder, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N") + ".upload");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        var buffer = new byte[BufferSize];
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        break;
                    }
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await target.FlushAsync(cancellationToken);
            }
            if (length > maxBytes)
            {
                File.Delete(path);
                return null;
            }
            return new StagedFile(path, Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
