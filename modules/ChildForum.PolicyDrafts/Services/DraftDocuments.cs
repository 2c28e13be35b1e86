using ChildForum.Core.Markdown;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Models;
using Microsoft.Extensions.Caching.Memory;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>Parsed versions, cached: versions never change, so a version is parsed once per process
/// (bodies of up to 8 million characters in all are kept, with their syntax trees; least recently used out first).</summary>
public sealed class DraftDocuments(IMarkdownRenderer markdown) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 8_000_000 });

    public DraftDocument Get(DraftVersion version) =>
        _cache.GetOrCreate(version.Id, entry =>
        {
            entry.Size = Math.Max(1, version.Body.Length);
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return DraftDocument.Parse(version.Body, markdown);
        })!;

    /// <summary>The parsed version with this id when it is in the cache (null otherwise): a reader that has it does not
    /// need to read the version's body.</summary>
    public DraftDocument? Cached(int versionId) => _cache.TryGetValue(versionId, out DraftDocument? document) ? document : null;

    /// <summary>A body not stored yet (throws <see cref="MarkdownTooComplexException"/> when it cannot be rendered).</summary>
    public DraftDocument Parse(string body) => DraftDocument.Parse(body, markdown);

    public string RenderComment(string body) => markdown.ToHtml(body);

    public void Dispose() => _cache.Dispose();
}
