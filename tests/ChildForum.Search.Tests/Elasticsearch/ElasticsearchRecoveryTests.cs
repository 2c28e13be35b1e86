using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Search;
using ChildForum.Search.Elasticsearch;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>The real site on the Elasticsearch backend, its official client running over <see cref="SpecElasticsearch"/>:
/// while the cluster refuses connections, search answers 503 (API and page), /health is 503 and what is posted meanwhile
/// waits in the outbox; once the cluster is back, it is indexed and found, and nothing is lost.</summary>
[Collection(OutboxSqliteFixture.Collection)]
public sealed class ElasticsearchRecoveryTests(OutboxSqliteFixture fixture) : ForumTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cluster_that_goes_down_gives_503_and_keeps_posts_in_the_outbox_until_it_recovers()
    {
        var cluster = new SpecElasticsearch();
        var options = new ElasticsearchOptions { Url = SpecElasticsearch.BaseAddress, IndexPrefix = SpecElasticsearch.NewPrefix(), RequestTimeout = TimeSpan.FromSeconds(5) };
        await using var node = App.NewNode(realServer: false);
        await using var host = node.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Search:Backend", "elasticsearch");
            builder.UseSetting("Search:Elasticsearch:Url", options.Url);
            builder.UseSetting("Search:Elasticsearch:IndexPrefix", options.IndexPrefix);
            builder.UseSetting("Search:PollInterval", "00:00:00.200");
            builder.ConfigureTestServices(services => services.AddSingleton(cluster.Client(options)));
        });
        using var facilitator = await ClientAsync(host, DemoUsers.Facilitator);
        using var anonymous = host.CreateDefaultClient();
        await SearchApi.EventuallyAsync(async () => await OutboxAsync(host.Services, null) is { Count: 0 } && cluster.Indices.Values.Any(index => index.Count > 0),
            "the demo content to be indexed into the cluster", Patience);

        cluster.Failure = ClusterFailure.RefuseConnections;
        var word = Words.New();
        var thread = await facilitator.StartThreadAsync(DemoGroups.LeftBehindChildren, Unique.Name("Thread"), $"Opening words, {word}.");
        string[] parents = [$"thread:{thread.Id}", $"message:{thread.Id}:1"];

        using (var api = await anonymous.GetAsync(SearchApi.Url(word)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.NotNull(api.Headers.RetryAfter);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        }
        using (var page = await anonymous.GetAsync($"/search?q={word}"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("Search is unavailable for a moment", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var health = await anonymous.SendAsync(HealthRequest()))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var search = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("search");
            Assert.Equal("Unhealthy", search.GetProperty("status").GetString());
            Assert.Contains("Elasticsearch does not answer", search.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        List<SearchOutboxEntry> waiting = [];
        await SearchApi.EventuallyAsync(async () => (waiting = await OutboxAsync(host.Services, parents)) is { Count: 2 } && waiting.All(r => r.Attempts >= 1),
            "the posts to wait in the outbox after a failed attempt", Patience, () => Rows(waiting));

        cluster.Failure = ClusterFailure.None;

        var found = await anonymous.SearchUntilFoundAsync(SearchApi.Url(word), count: 2, patience: Patience);
        Assert.Equal(["message", "thread"], found.Items.Select(i => i.Type).Order());
        await SearchApi.EventuallyAsync(async () => await OutboxAsync(host.Services, null) is { Count: 0 }, "the outbox to be empty", Patience);
        using (var health = await anonymous.SendAsync(HealthRequest()))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var search = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("search");
            Assert.Equal("Elasticsearch cluster childforum-test (version 9.1.0) answers.", search.GetProperty("description").GetString());
        }
        cluster.AssertConforms();
    }

    private static string Rows(List<SearchOutboxEntry> rows) =>
        rows.Count == 0 ? "no rows" : string.Join("; ", rows.Select(r => $"{r.Parent}: {r.Attempts} attempts, next {r.NextAttemptAt:O}, {r.LastError}"));

    private static HttpRequestMessage HealthRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static async Task<List<SearchOutboxEntry>> OutboxAsync(IServiceProvider services, IReadOnlyCollection<string>? parents)
    {
        await using var scope = services.CreateAsyncScope();
        var rows = scope.ServiceProvider.GetRequiredService<ForumDbContext>().Set<SearchOutboxEntry>().AsNoTracking();
        return await (parents is null ? rows : rows.Where(r => parents.Contains(r.Parent))).ToListAsync();
    }

    private static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> host, string user)
    {
        var client = host.CreateDefaultClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoUsers.Email(user), password = DemoUsers.Password });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.ReadJsonAsync<TokenJson>()).AccessToken);
        return client;
    }
}
