using System.Diagnostics;
using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace ChildForum.Search.Benchmarks;

/// <summary>The steps of <see cref="LuceneBackend.SearchAsync"/> (relevance sort, page 1), timed one by one on a
/// reader of the same committed index: the facet pass over every visible match, the top-N pass, and loading the
/// page's stored fields with snippets, and the same with <see cref="HighlighterSnippets"/> for comparison; and the
/// <see cref="PostingsFloor"/> of each query, to set beside "match and count only".</summary>
public static class LuceneBreakdown
{
    private const string Floor = "postings floor (every posting of the text query's terms read, one thread; prefix queries left out)";
    private const string EqualSlices = "largest slice alone (facets + top 20, one thread; slices of equal documents)";
    private const string SegmentSlicesBefore = "largest slice alone (slices of whole segments, as before issue 11's fix)";

    public static Dictionary<string, List<double>> Measure(string indexPath, IReadOnlyList<SearchRequest> requests, int rounds)
    {
        var result = new Dictionary<string, List<double>> { ["match and count only"] = [], ["facets (count + 4 facets over all matches)"] = [], ["top 20"] = [], ["stored fields + snippets"] = [], ["stored fields + snippets by Lucene.Net.Highlighter"] = [], [Floor] = [], [EqualSlices] = [], [SegmentSlicesBefore] = [] };
        using var directory = FSDirectory.Open(new DirectoryInfo(indexPath));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var watch = new Stopwatch();
        var visibility = new VisibilityFilters();
        for (var round = 0; round < rounds + 1; round++)
        {
            foreach (var request in requests)
            {
                if (LuceneQueries.Build(request.Query) is not { } text)
                {
                    continue;
                }
                var query = LuceneQueries.Filtered(text, request, visibility);
                watch.Restart();
                searcher.Search(query, new TotalHitCountCollector());
                var count = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var facets = new FacetCollector();
                searcher.Search(query, facets);
                _ = facets.Facets();
                var a = watch.Elapsed.TotalMilliseconds;
                var top = searcher.Search(query, request.PageSize);
                var b = watch.Elapsed.TotalMilliseconds;
                var snippets = new SnippetBuilder(request.Query);
                foreach (var scoreDoc in top.ScoreDocs)
                {
                    var doc = searcher.Doc(scoreDoc.Doc);
                    _ = snippets.Build(doc.Get(LuceneFields.Body) ?? "", doc.Get(LuceneFields.Language) ?? "en");
                }
                var c = watch.Elapsed.TotalMilliseconds;
                var highlighter = new HighlighterSnippets(request.Query);
                foreach (var scoreDoc in top.ScoreDocs)
                {
                    var doc = searcher.Doc(scoreDoc.Doc);
                    _ = highlighter.Build(doc.Get(LuceneFields.Body) ?? "", doc.Get(LuceneFields.Language) ?? "en");
                }
                var d = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var floor = PostingsFloor.Read(reader, text) is null ? (double?)null : watch.Elapsed.TotalMilliseconds;
                // What one query costs on an idle machine with a core per slice: its largest slice, timed alone.
                var weight = searcher.CreateNormalizedWeight(query);
                var equal = LargestSlice(weight, SegmentSlices.Of(reader.Leaves, Environment.ProcessorCount), request.PageSize, watch);
                var whole = LargestSlice(weight, WholeSegments(reader.Leaves, Environment.ProcessorCount), request.PageSize, watch);
                if (round == 0)
                {
                    continue; // warm-up
                }
                result[EqualSlices].Add(equal);
                result[SegmentSlicesBefore].Add(whole);
                result["match and count only"].Add(count);
                result["facets (count + 4 facets over all matches)"].Add(a);
                result["top 20"].Add(b - a);
                result["stored fields + snippets"].Add(c - b);
                result["stored fields + snippets by Lucene.Net.Highlighter"].Add(d - c);
                if (floor is { } f)
                {
                    result[Floor].Add(f);
                }
            }
        }
        return result;
    }

    private static double LargestSlice(Weight weight, IReadOnlyList<SlicePart[]> slices, int pageSize, Stopwatch watch)
    {
        var largest = 0.0;
        foreach (var slice in slices)
        {
            watch.Restart();
            SegmentSlices.Collect(weight, slice, MultiCollector.Wrap(new FacetCollector(), TopScoreDocCollector.Create(pageSize, docsScoredInOrder: false)));
            largest = Math.Max(largest, watch.Elapsed.TotalMilliseconds);
        }
        return largest;
    }

    /// <summary>The slicing of the site before issue 11's fix, for comparison: contiguous whole segments, each slice closed
    /// once it reaches its share of the documents.</summary>
    private static List<SlicePart[]> WholeSegments(IList<AtomicReaderContext> leaves, int count)
    {
        var total = leaves.Sum(l => (long)l.AtomicReader.MaxDoc);
        var slices = new List<SlicePart[]>();
        var current = new List<SlicePart>();
        long done = 0;
        foreach (var leaf in leaves)
        {
            current.Add(new SlicePart(leaf, 0, leaf.AtomicReader.MaxDoc));
            done += leaf.AtomicReader.MaxDoc;
            if (slices.Count < count - 1 && done * count >= total * (slices.Count + 1))
            {
                slices.Add([.. current]);
                current.Clear();
            }
        }
        if (current.Count > 0)
        {
            slices.Add([.. current]);
        }
        return slices;
    }
}
