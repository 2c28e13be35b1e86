using System.Globalization;
using ChildForum.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>Counts every visible match by type, group, stakeholder type and year from doc values (the Facet package
/// is not available here). Within a segment it counts ordinals in arrays and only turns them into strings when the
/// segment ends, so a query matching tens of thousands of documents allocates next to nothing per match.</summary>
public sealed class FacetCollector : ICollector
{
    private readonly Dictionary<string, long> _types = [];
    private readonly Dictionary<string, long> _groups = [];
    private readonly Dictionary<string, long> _stakeholders = [];
    private readonly Dictionary<string, long> _years = [];
    private Segment? _segment;

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        var reader = context.AtomicReader;
        _segment = new Segment(
            Ords.Of(reader.GetSortedDocValues(LuceneFields.TypeValues)),
            Ords.Of(reader.GetSortedDocValues(LuceneFields.GroupValues)),
            Ords.Of(reader.GetSortedDocValues(LuceneFields.YearValues)),
            reader.GetSortedSetDocValues(LuceneFields.StakeholderValues) is { } stakeholders ? new SetOrds(stakeholders) : null);
    }

    public void Collect(int doc)
    {
        Total++;
        var segment = _segment!;
        segment.Type?.Count(doc);
        segment.Group?.Count(doc);
        segment.Year?.Count(doc);
        segment.Stakeholder?.Count(doc);
    }

    private void Flush()
    {
        if (_segment is null)
        {
            return;
        }
        _segment.Type?.AddTo(_types);
        _segment.Group?.AddTo(_groups);
        _segment.Year?.AddTo(_years);
        _segment.Stakeholder?.AddTo(_stakeholders);
        _segment = null;
    }

    public SearchFacets Facets()
    {
        Flush();
        return new SearchFacets(
            _types,
            _groups.ToDictionary(g => int.Parse(g.Key, CultureInfo.InvariantCulture), g => g.Value),
            _stakeholders,
            _years);
    }

    /// <summary>Turns a segment's non-zero ordinal counts into labels (the per-match path stays allocation-free).</summary>
    private static void AddCounts(long[] counts, Action<int, BytesRef> lookup, Dictionary<string, long> totals)
    {
        var scratch = new BytesRef();
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                lookup(ord, scratch);
                var key = scratch.Utf8ToString();
                totals[key] = totals.GetValueOrDefault(key) + counts[ord];
            }
        }
    }

    private sealed record Segment(Ords? Type, Ords? Group, Ords? Year, SetOrds? Stakeholder);

    private sealed class Ords(SortedDocValues values)
    {
        private readonly long[] _counts = new long[Math.Max(values.ValueCount, 0)];

        public static Ords? Of(SortedDocValues? values) => values is null ? null : new Ords(values);

        public void Count(int doc)
        {
            var ord = values.GetOrd(doc);
            if (ord >= 0)
            {
                _counts[ord]++;
            }
        }

        public void AddTo(Dictionary<string, long> totals) => AddCounts(_counts, values.LookupOrd, totals);
    }

    private sealed class SetOrds(SortedSetDocValues values)
    {
        private readonly long[] _counts = new long[Math.Max(values.ValueCount, 0)];

        public void Count(int doc)
        {
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                _counts[ord]++;
            }
        }

        public void AddTo(Dictionary<string, long> totals) => AddCounts(_counts, (ord, bytes) => values.LookupOrd(ord, bytes), totals);
    }
}
