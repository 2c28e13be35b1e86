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

    public static Dictionary<string, List<double>> Measure(string indexPath, IReadOnlyList<SearchRequest> requests, int rounds)
    {
        var result = new Dictionary<string, List<double>> { ["match and count only"] = [], ["facets (count + 4 facets over all matches)"] = [], ["top 20"] = [], ["stored fields + snippets"] = [], ["stored fields + snippets by Lucene.Net.Highlighter"] = [], [Floor] = [] };
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
                if (round == 0)
                {
                    continue; // warm-up
                }
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
}
