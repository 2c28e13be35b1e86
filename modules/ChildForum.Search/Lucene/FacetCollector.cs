using System.Globalization;
using System.Runtime.CompilerServices;
using ChildForum.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>Counts every visible match by type, group, stakeholder type and year (the Facet package is not available
/// here). Counting reads each segment's ordinals from plain arrays (<see cref="SegmentOrdinals"/>) and turns only the
/// non-zero counts into labels when the segment ends, so a match costs a few array reads and no allocation.</summary>
public sealed class FacetCollector : ICollector
{
    private readonly Dictionary<string, long> _types = [];
    private readonly Dictionary<string, long> _groups = [];
    private readonly Dictionary<string, long> _stakeholders = [];
    private readonly Dictionary<string, long> _years = [];
    private SegmentOrdinals? _ordinals;
    private long[] _typeCounts = [], _groupCounts = [], _yearCounts = [], _stakeholderCounts = [];

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        _ordinals = SegmentOrdinals.Of(context.AtomicReader);
        _typeCounts = new long[_ordinals.Type.Labels.Length];
        _groupCounts = new long[_ordinals.Group.Labels.Length];
        _yearCounts = new long[_ordinals.Year.Labels.Length];
        _stakeholderCounts = new long[_ordinals.StakeholderLabels.Length];
    }

    public void Collect(int doc)
    {
        Total++;
        var ordinals = _ordinals!;
        if (ordinals.Type.Ords[doc] is var type and >= 0)
        {
            _typeCounts[type]++;
        }
        if (ordinals.Group.Ords[doc] is var group and >= 0)
        {
            _groupCounts[group]++;
        }
        if (ordinals.Year.Ords[doc] is var year and >= 0)
        {
            _yearCounts[year]++;
        }
        for (var i = ordinals.StakeholderStarts[doc]; i < ordinals.StakeholderStarts[doc + 1]; i++)
        {
            _stakeholderCounts[ordinals.StakeholderOrds[i]]++;
        }
    }

    private void Flush()
    {
        if (_ordinals is null)
        {
            return;
        }
        AddCounts(_typeCounts, _ordinals.Type.Labels, _types);
        AddCounts(_groupCounts, _ordinals.Group.Labels, _groups);
        AddCounts(_yearCounts, _ordinals.Year.Labels, _years);
        AddCounts(_stakeholderCounts, _ordinals.StakeholderLabels, _stakeholders);
        _ordinals = null;
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

    /// <summary>The facets of several collectors (the slices of one query, see <see cref="SegmentSlices"/>) as one.</summary>
    public static (long Total, SearchFacets Facets) Merge(IReadOnlyList<FacetCollector> parts)
    {
        var first = parts[0];
        first.Flush();
        foreach (var part in parts.Skip(1))
        {
            part.Flush();
            first.Total += part.Total;
            Add(part._types, first._types);
            Add(part._groups, first._groups);
            Add(part._stakeholders, first._stakeholders);
            Add(part._years, first._years);
        }
        return (first.Total, first.Facets());

        static void Add(Dictionary<string, long> from, Dictionary<string, long> to)
        {
            foreach (var (label, count) in from)
            {
                to[label] = to.GetValueOrDefault(label) + count;
            }
        }
    }

    private static void AddCounts(long[] counts, string[] labels, Dictionary<string, long> totals)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                totals[labels[ord]] = totals.GetValueOrDefault(labels[ord]) + counts[ord];
            }
        }
    }
}

/// <summary>A segment's facet ordinals read once from its doc values into arrays and kept while the segment lives
/// (keyed by its core, which deletions do not change; a merged-away segment's arrays go with it). Reading doc values
/// for every match on every query cost more than matching itself; the arrays take about 4 bytes per document and facet
/// (plus 4 per stakeholder type), some 2 MB for 100,000 documents.</summary>
internal sealed class SegmentOrdinals
{
    private static readonly ConditionalWeakTable<object, SegmentOrdinals> Cache = new();

    private SegmentOrdinals(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        Type = OneValue.Read(reader.GetSortedDocValues(LuceneFields.TypeValues), maxDoc);
        Group = OneValue.Read(reader.GetSortedDocValues(LuceneFields.GroupValues), maxDoc);
        Year = OneValue.Read(reader.GetSortedDocValues(LuceneFields.YearValues), maxDoc);
        StakeholderStarts = new int[maxDoc + 1];
        var stakeholders = reader.GetSortedSetDocValues(LuceneFields.StakeholderValues);
        var ords = new List<int>();
        for (var doc = 0; doc < maxDoc; doc++)
        {
            StakeholderStarts[doc] = ords.Count;
            if (stakeholders is null)
            {
                continue;
            }
            stakeholders.SetDocument(doc);
            long ord;
            while ((ord = stakeholders.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                ords.Add((int)ord);
            }
        }
        StakeholderStarts[maxDoc] = ords.Count;
        StakeholderOrds = [.. ords];
        StakeholderLabels = stakeholders is null ? [] : ReadLabels(stakeholders.ValueCount, (ord, bytes) => stakeholders.LookupOrd(ord, bytes));
    }

    public OneValue Type { get; }
    public OneValue Group { get; }
    public OneValue Year { get; }

    /// <summary>Document d's stakeholder ordinals are <c>StakeholderOrds[StakeholderStarts[d]..StakeholderStarts[d + 1]]</c>.</summary>
    public int[] StakeholderStarts { get; }
    public int[] StakeholderOrds { get; }
    public string[] StakeholderLabels { get; }

    public static SegmentOrdinals Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => new SegmentOrdinals(reader));

    /// <summary>One value per document: its ordinal (-1 when it has none) and each ordinal's label.</summary>
    public sealed record OneValue(int[] Ords, string[] Labels)
    {
        public static OneValue Read(SortedDocValues? values, int maxDoc)
        {
            var ords = new int[maxDoc];
            if (values is null)
            {
                Array.Fill(ords, -1);
                return new OneValue(ords, []);
            }
            for (var doc = 0; doc < maxDoc; doc++)
            {
                ords[doc] = values.GetOrd(doc);
            }
            return new OneValue(ords, ReadLabels(values.ValueCount, values.LookupOrd));
        }
    }

    private static string[] ReadLabels(long count, Action<int, BytesRef> lookup)
    {
        var labels = new string[count];
        var scratch = new BytesRef();
        for (var ord = 0; ord < count; ord++)
        {
            lookup(ord, scratch);
            labels[ord] = scratch.Utf8ToString();
        }
        return labels;
    }
}
