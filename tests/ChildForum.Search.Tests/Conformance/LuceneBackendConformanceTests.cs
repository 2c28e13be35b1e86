using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.Search.Tests.Conformance;

/// <summary>The conformance suite against the embedded Lucene.NET backend, each test on an index folder of its own.</summary>
public sealed class LuceneBackendConformanceTests : BackendConformanceTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "childforum-tests", "lucene-" + Guid.NewGuid().ToString("N"));
    private bool _closed;

    protected override Task<ISearchBackend> CreateBackendAsync() =>
        Task.FromResult<ISearchBackend>(new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance));

    protected override async Task DisposeBackendAsync(ISearchBackend backend)
    {
        if (!_closed)
        {
            await base.DisposeBackendAsync(backend);
        }
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
    public async Task Index_survives_closing_and_reopening_its_folder()
    {
        await IndexAsync(Doc("a", "durable meals"), Doc("b", "durable buses"));
        ((IDisposable)Backend).Dispose();
        _closed = true;

        using var reopened = new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance);
        var result = await reopened.SearchAsync(new SearchRequest(SearchQueryParser.Parse("meals"), new HashSet<int> { Group }, new HashSet<int>()), CancellationToken.None);

        Assert.Equal("a", Assert.Single(result.Hits).Key);
        Assert.Equal(2, await reopened.CountAsync(CancellationToken.None));
    }

    [Fact]
    public void A_second_writer_on_the_same_folder_is_refused()
    {
        Assert.ThrowsAny<Exception>(() => new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance));
    }

    [Fact]
    public async Task Callers_with_more_group_sets_than_the_filter_cache_holds_each_see_only_their_own_groups()
    {
        await IndexAsync(Enumerable.Range(1, 5).Select(g => Doc($"g{g}", "meals", group: g)).ToArray());

        // Twice the cache's capacity of distinct group sets: entries are dropped and made again, never mixed up.
        for (var i = 0; i < 2 * VisibilityFilters.Capacity; i++)
        {
            var group = 1 + (i % 5);
            var readers = Groups(group, 1000 + i);
            Assert.Equal([$"g{group}"], await KeysAsync("meals", r => r with { ReaderGroups = readers }));
        }
    }

    [Fact]
    public async Task Deep_page_beyond_the_window_is_empty_but_keeps_the_total()
    {
        await IndexAsync(Enumerable.Range(0, 3).Select(i => Doc($"k{i}", "meals")).ToArray());

        var result = await SearchAsync("meals", r => r with { Page = 500, PageSize = 100 });

        Assert.Equal(3, result.Total);
        Assert.Empty(result.Hits);
    }
}
