using System.Globalization;
using ChildForum.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>Counts every visible match by type, group, stakeholder type and year from doc values (the Facet package
/// is not available here): one pass over the matches, whatever page is shown.</summary>
public sealed class FacetCollector : ICollector
{
    private readonly Dictionary<string, long> _types = [];
    private readonly Dictionary<string, long> _groups = [];
    private readonly Dictionary<string, long> _stakeholders = [];
    private readonly Dictionary<string, long> _years = [];
    private readonly BytesRef _scratch = new();
    private SortedDocValues? _type;
    private SortedDocValues? _group;
    private SortedDocValues? _year;
    private SortedSetDocValues? _stakeholder;

    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        var reader = context.AtomicReader;
        _type = reader.GetSortedDocValues(LuceneFields.TypeValues);
        _group = reader.GetSortedDocValues(LuceneFields.GroupValues);
        _year = reader.GetSortedDocValues(LuceneFields.YearValues);
        _stakeholder = reader.GetSortedSetDocValues(LuceneFields.StakeholderValues);
    }

    public void Collect(int doc)
    {
        Total++;
        Count(_types, _type, doc);
        Count(_groups, _group, doc);
        Count(_years, _year, doc);
        if (_stakeholder is not null)
        {
            _stakeholder.SetDocument(doc);
            long ord;
            while ((ord = _stakeholder.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                _stakeholder.LookupOrd(ord, _scratch);
                Increment(_stakeholders, _scratch.Utf8ToString());
            }
        }
    }

    private void Count(Dictionary<string, long> counts, SortedDocValues? values, int doc)
    {
        if (values is null || values.GetOrd(doc) < 0)
        {
            return;
        }
        values.Get(doc, _scratch);
        Increment(counts, _scratch.Utf8ToString());
    }

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    public SearchFacets Facets() => new(
        _types,
        _groups.ToDictionary(g => int.Parse(g.Key, CultureInfo.InvariantCulture), g => g.Value),
        _stakeholders,
        _years);
}
