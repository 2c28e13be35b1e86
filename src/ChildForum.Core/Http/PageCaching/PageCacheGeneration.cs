using Microsoft.AspNetCore.OutputCaching;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>This node's count of committed changes to what pages show. Every cached page is stored under the generation its
/// request began in (<see cref="AnonymousPagePolicy"/> puts it in the cache key), so a page rendered from data read before a
/// change can never be served after it: the change moves every lookup to a new key. Evicting the older pages only frees
/// their memory; correctness does not wait for it.</summary>
public sealed class PageCacheGeneration(IOutputCacheStore store)
{
    /// <summary>The tag every cached page carries.</summary>
    public const string Tag = "pages";

    private long _current;

    public long Current => Interlocked.Read(ref _current);

    /// <summary>Moves to a new generation (at once: a request that starts after this returns reads the changed data) and
    /// drops the pages of earlier ones.</summary>
    public ValueTask AdvanceAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _current);
        return store.EvictByTagAsync(Tag, cancellationToken);
    }
}
