using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>The permission filter of every query, cached per set of groups. Evaluating "group 1 or … or group n, and
/// published" over the whole index for every query cost more than the text match itself; cached, it is one bit per
/// document and segment, computed once per segment (a new segment after a commit computes its own; deleted documents
/// are still excluded by the reader) and handed to the scorers as random-access bits, so a posting outside the
/// caller's groups is skipped without being scored. Callers with the same groups share one entry. The cache holds at
/// most <see cref="Capacity"/> sets (each costs about maxDoc / 8 bytes) and starts again when full.</summary>
public sealed class VisibilityFilters
{
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    public Filter For(IReadOnlySet<int> readerGroups, IReadOnlySet<int> facilitatorGroups)
    {
        var key = Key(readerGroups) + "|" + Key(facilitatorGroups);
        if (_filters.TryGetValue(key, out var filter))
        {
            return filter;
        }
        if (_filters.Count >= Capacity)
        {
            _filters.Clear();
        }
        return _filters.GetOrAdd(key, _ => new BitSetCachingFilter(new QueryWrapperFilter(LuceneQueries.Visible(readerGroups, facilitatorGroups))));
    }

    private static string Key(IReadOnlySet<int> groups) => string.Join(',', groups.Order().Select(g => g.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Caches each segment's documents as a <see cref="FixedBitSet"/>, which offers random access (the default
    /// compressed set does not, and would be walked document by document alongside the query).</summary>
    private sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }
}
