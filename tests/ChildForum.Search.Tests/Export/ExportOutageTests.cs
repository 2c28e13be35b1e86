using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using ChildForum.Core.Search;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildForum.Search.Tests.Export;

/// <summary>A search engine that answers as a test says: <see cref="Matches"/> results in the public demo group, or
/// nothing at all (down), or down after some rows of an export. It refuses writes, so the node that uses it leaves the
/// outbox to the test site's own indexer.</summary>
public sealed class ScriptedSearchBackend : ISearchBackend
{
    public int Group { get; set; }

    public int Matches { get; set; }

    public bool Down { get; set; }

    /// <summary>An export fails after this many rows (null: it does not).</summary>
    public int? DownAfter { get; set; }

    public Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken) =>
        throw new IOException("This test node does not index.");

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        Down ? throw Unavailable() : Task.FromResult(new SearchResult(Matches, [], new SearchFacets(new Dictionary<string, long>(), new Dictionary<int, long>(), new Dictionary<string, long>(), new Dictionary<string, long>())));

    public async IAsyncEnumerable<SearchHit> ExportAsync(SearchRequest request, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < Math.Min(Matches, limit); i++)
        {
            if (Down || i == DownAfter)
            {
                throw Unavailable();
            }
            var id = i.ToString(CultureInfo.InvariantCulture);
            yield return new SearchHit("message:" + id, SearchTypes.Message, id, Group, $"Result {id}", $"/groups/{{group}}/threads/1#m{id}", $"Text <mark>{id}</mark>", DateTimeOffset.UnixEpoch, "en");
            await Task.Yield();
        }
    }

    public Task BeginRebuildAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CompleteRebuildAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Never empty: the node does not start a rebuild.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult(1L);

    public Task<bool> NeedsRebuildAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<SearchHealth> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(new SearchHealth(!Down, Down ? "Down." : "Up."));

    private static SearchUnavailableException Unavailable() => new("The scripted engine is down.");
}

/// <summary>The export's row limit, and an engine that does not answer: a 503 problem before the file starts, a broken
/// download (never a short file that looks complete) after. On a node of the test site whose engine is scripted and
/// whose limit is 1,000; a limit out of range stops a node from starting.</summary>
[Collection(SearchSqliteFixture.Collection)]
public sealed class ExportOutageTests(SearchSqliteFixture fixture) : ForumTest(fixture), IAsyncLifetime
{
    private readonly ScriptedSearchBackend _engine = new();
    private ForumAppFactory? _node;
    private WebApplicationFactory<Program>? _host;

    public async Task InitializeAsync()
    {
        using var anonymous = App.CreateAnonymousClient();
        _engine.Group = (await anonymous.GetFromJsonAsync<GroupJson>($"/api/v1/groups/{DemoGroups.LeftBehindChildren}"))!.Id;
        _node = App.NewNode(realServer: false);
        _host = _node.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Search:ExportLimit", "1000");
            builder.UseSetting("Search:PollInterval", "01:00:00");
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<ISearchBackend>();
                services.AddSingleton<ISearchBackend>(_engine);
            });
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Export_stops_at_the_limit_and_its_headers_say_so()
    {
        _engine.Matches = 2_500;
        using var client = _host!.CreateClient();

        var csv = await client.ExportAsync("csv", "anything");
        var jsonl = await client.ExportAsync("jsonl", "anything");

        Assert.Equal((2_500L, 1_000), (csv.TotalCount, csv.Limit));
        Assert.Equal(1_000, csv.CsvRows().Count);
        Assert.Equal(1_000, jsonl.JsonRows().Count);
        Assert.Equal("Text 0", csv.CsvRows()[0]["text"]);
        var page = await client.GetStringAsync("/search?q=anything");
        Assert.Contains("A file holds at most 1,000 rows", page, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Engine_that_does_not_answer_is_a_503_problem_with_retry_after_before_the_file_starts()
    {
        _engine.Matches = 10;
        _engine.Down = true;
        using var client = _host!.CreateClient();

        using var response = await client.GetAsync(ExportApi.Url("csv", "anything"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("try again", problem.Body, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [SkippableFact]
    public async Task Engine_that_stops_answering_during_the_file_breaks_the_download_instead_of_ending_it_short()
    {
        _engine.Matches = 900;
        _engine.DownAfter = 500;
        using var client = _host!.CreateClient();

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await client.GetAsync(ExportApi.Url("jsonl", "anything"));
            await response.Content.ReadAsByteArrayAsync();
        });
    }

    [SkippableFact]
    public async Task Export_limit_out_of_range_stops_the_node_from_starting_with_a_sentence_naming_the_setting()
    {
        foreach (var limit in new[] { "0", "100001" })
        {
            await using var node = App.NewNode(realServer: false);
            await using var host = node.WithWebHostBuilder(builder =>
            {
                builder.UseSetting("Search:ExportLimit", limit);
                builder.ConfigureTestServices(services =>
                {
                    services.RemoveAll<ISearchBackend>();
                    services.AddSingleton<ISearchBackend>(_engine);
                });
            });

            var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
            Assert.Contains("Search:ExportLimit", error.ToString(), StringComparison.Ordinal);
        }
    }
}
