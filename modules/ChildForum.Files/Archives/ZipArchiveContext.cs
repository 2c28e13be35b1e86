using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Files.Storage;

namespace ChildForum.Files.Archives;

/// <summary>One entry of the manifest: where it is in the ZIP, its SHA-256 and its length.</summary>
public sealed record ArchiveEntry(string Path, string Sha256, long Size);

/// <summary>The archive's <c>manifest.json</c>: the group, when and what it holds.</summary>
public sealed record ArchiveManifest(
    ArchiveManifestGroup Group, DateTimeOffset GeneratedAt, string Includes,
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<ArchiveEntry> Entries);

public sealed record ArchiveManifestGroup(int Id, string Slug, string Name);

/// <summary>Writes the sources' entries into a ZIP on a temporary file, one entry at a time (an entry is hashed while it
/// is written; a stored file is streamed from the store), so the archive is never whole in memory.</summary>
public sealed class ZipArchiveContext : ArchiveContext, IAsyncDisposable
{
    /// <summary>What every archive says it includes (in <c>manifest.json</c> and docs/architecture.md).</summary>
    public const string IncludesSentence =
        "What every reader of the group may read, as readers read it: threads with their messages (hidden and deleted messages left out), "
        + "policy drafts with every version and the organisations' positions, meetings with their published agendas and minutes, attendance, "
        + "decisions and actions (under Chatham House without names or organisations, only stakeholder types), and the current version of "
        + "the group's files (files attached to something left out are left out too).";

    public const string ManifestPath = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly IFileStore _store;
    private readonly FileStream _file;
    private readonly ZipArchive _zip;
    private readonly List<ArchiveEntry> _entries = [];
    private readonly HashSet<string> _paths = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public ZipArchiveContext(IFileStore store, string path, GroupAccess readers, DateTime generatedAtUtc)
        : base(readers, generatedAtUtc)
    {
        _store = store;
        Path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.Asynchronous);
        _zip = new ZipArchive(_file, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
    }

    /// <summary>The temporary ZIP file (deleted by the builder).</summary>
    public string Path { get; }

    public IReadOnlyList<ArchiveEntry> Entries => _entries;

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public override Task AddMarkdownAsync(string path, string markdown, CancellationToken cancellationToken) =>
        AddBytesAsync(path, Encoding.UTF8.GetBytes(markdown), cancellationToken);

    public override Task AddJsonAsync<T>(string path, T value, CancellationToken cancellationToken) =>
        AddBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken);

    public override async Task AddFileAsync(string path, string sha256, CancellationToken cancellationToken)
    {
        await using var source = await _store.OpenReadAsync(sha256, cancellationToken);
        await AddStreamAsync(path, source, CompressionLevel.Fastest, cancellationToken);
    }

    public override void Count(string what, int count) => _counts[what] = _counts.GetValueOrDefault(what) + count;

    /// <summary>Writes <c>manifest.json</c> (last, so that it lists every entry) and closes the ZIP.</summary>
    public async Task FinishAsync(ArchiveManifestGroup group, CancellationToken cancellationToken)
    {
        var manifest = new ArchiveManifest(group, new DateTimeOffset(GeneratedAtUtc, TimeSpan.Zero), IncludesSentence, Counts, _entries.ToList());
        await AddBytesAsync(ManifestPath, JsonSerializer.SerializeToUtf8Bytes(manifest, Json), cancellationToken);
        _zip.Dispose();
        await _file.FlushAsync(cancellationToken);
    }

    private async Task AddBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        using var source = new MemoryStream(bytes, writable: false);
        await AddStreamAsync(path, source, CompressionLevel.Optimal, cancellationToken);
    }

    private async Task AddStreamAsync(string path, Stream source, CompressionLevel level, CancellationToken cancellationToken)
    {
        if (!ArchivePaths.IsValid(path) || !_paths.Add(path))
        {
            throw new InvalidOperationException($"An archive source gave an invalid or repeated entry path ({path.Length} characters).");
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var entry = _zip.CreateEntry(path, level);
        entry.LastWriteTime = new DateTimeOffset(GeneratedAtUtc, TimeSpan.Zero);
        long size = 0;
        var buffer = new byte[81_920];
        await using (var target = entry.Open())
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        _entries.Add(new ArchiveEntry(path, Convert.ToHexStringLower(hash.GetHashAndReset()), size));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _zip.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A build that failed half-way: the file is deleted anyway.
        }
        await _file.DisposeAsync();
    }
}
