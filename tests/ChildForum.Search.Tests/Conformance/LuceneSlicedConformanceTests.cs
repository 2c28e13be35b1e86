using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.Search.Tests.Conformance;

/// <summary>The conformance suite against the Lucene backend searching every index, however small, in three slices
/// of equal document counts on as many threads (<see cref="SegmentSlices"/>), which it does for large indexes only: totals, facets, the
/// order of hits and pages must be those of one thread. Each <c>ReplaceAsync</c> commits a segment of its own, so the
/// suite's indexes have several.</summary>
public sealed class LuceneSlicedConformanceTests : BackendConformanceTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "childforum-tests", "lucene-sliced-" + Guid.NewGuid().ToString("N"));

    protected override Task<ISearchBackend> CreateBackendAsync() =>
        Task.FromResult<ISearchBackend>(new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance, slices: 3, slicedFromDocuments: 0));

    protected override async Task DisposeBackendAsync(ISearchBackend backend)
    {
        await base.DisposeBackendAsync(backend);
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public async Task Hits_of_many_segments_come_in_the_order_and_with_the_facets_of_one_thread()
    {
        // Twelve commits, so twelve segments at least.
        await AssertAsOneThreadAsync(Enumerable.Range(0, 12).Select(i => new[] { Document(i) }).ToList());
    }

    [Fact]
    public async Task Hits_of_a_large_segment_cut_between_slices_come_in_the_order_and_with_the_facets_of_one_thread()
    {
        // One segment of 31 documents (a batch analysed on one thread) and three of one: each of the three slices ends
        // inside the large segment or begins there.
        var batches = new List<SearchDocument[]> { Enumerable.Range(0, 31).Select(Document).ToArray() };
        batches.AddRange(Enumerable.Range(31, 3).Select(i => new[] { Document(i) }));
        await AssertAsOneThreadAsync(batches);
    }

    // Equal scores everywhere and dates shared by several documents each, so ties are decided by the index order.
    private static SearchDocument Document(int i) => Doc($"d{i:00}", "meals for boarding pupils", group: 1 + (i % 3), date: new DateTimeOffset(2026, 1, 1 + (i % 4), 0, 0, 0, TimeSpan.Zero));

    /// <summary>Indexes the batches (one commit each) here and in a backend searching on one thread, and compares totals,
    /// facets and every page in both sorts.</summary>
    private async Task AssertAsOneThreadAsync(IReadOnlyList<SearchDocument[]> batches)
    {
        foreach (var batch in batches)
        {
            await IndexAsync(batch);
        }
        var count = batches.Sum(b => b.Length);
        var sequentialPath = _path + "-one";
        try
        {
            using var sequential = new LuceneBackend(sequentialPath, NullLogger<LuceneBackend>.Instance, slices: 1);
            foreach (var batch in batches)
            {
                await sequential.ReplaceAsync(batch.Select(d => d.Parent).ToList(), batch, CancellationToken.None);
            }
            foreach (var sort in new[] { SearchSorts.Relevance, SearchSorts.Date })
            {
                for (var page = 1; page <= (count + 4) / 5; page++)
                {
                    var request = new SearchRequest(SearchQueryParser.Parse("meals"), Groups(1, 2, 3), new HashSet<int>(), Sort: sort, Page: page, PageSize: 5);
                    var sliced = await Backend.SearchAsync(request, CancellationToken.None);
                    var one = await sequential.SearchAsync(request, CancellationToken.None);
                    Assert.Equal(count, sliced.Total);
                    Assert.Equal(one.Total, sliced.Total);
                    Assert.Equal(one.Hits.Select(h => h.Key), sliced.Hits.Select(h => h.Key));
                    Assert.Equal(one.Facets.Group.OrderBy(g => g.Key), sliced.Facets.Group.OrderBy(g => g.Key));
                    Assert.Equal(one.Facets.Year.OrderBy(y => y.Key), sliced.Facets.Year.OrderBy(y => y.Key));
                }
            }
        }
        finally
        {
            Directory.Delete(sequentialPath, recursive: true);
        }
    }
}
