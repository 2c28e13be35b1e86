using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Search;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Tests.Indexing;

/// <summary>The outbox is written in the same transaction as the content, and its rows are deleted only once the backend
/// has made them durable: a backend that fails leaves them (with a growing back-off), a host that stops leaves them, and
/// the next attempt, in this host or the next one, makes the index converge.</summary>
public abstract class OutboxRecoveryTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>Failed batches wait 2 s, then 4 s, 8 s… before they are tried again: the index converges after that.</summary>
    private static readonly TimeSpan RecoveryPatience = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    /// <summary>A host on the fixture's database with the failing backend decorator and its own index folder.</summary>
    private sealed class FailingNode(ForumAppFactory node, WebApplicationFactory<Program> host, BackendGate gate) : IAsyncDisposable
    {
        public WebApplicationFactory<Program> Host => host;

        public BackendGate Gate => gate;

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await node.DisposeAsync();
        }
    }

    private async Task<FailingNode> StartFailingNodeAsync(string indexPath)
    {
        var gate = new BackendGate();
        var node = App.NewNode(realServer: false);
        var host = node.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Search:IndexPath", indexPath);
            builder.ConfigureTestServices(services => FailingSearchBackend.Decorate(services, gate));
        });
        var failing = new FailingNode(node, host, gate);
        try
        {
            using var admin = await ClientAsync(host, DemoUsers.Admin);
            await WaitForInitialIndexAsync(admin);
            await WaitForEmptyOutboxAsync(host.Services);
            return failing;
        }
        catch
        {
            await failing.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new index folder is built from the database when the host starts; the test arms its gate after that.</summary>
    private static Task WaitForInitialIndexAsync(HttpClient admin) =>
        SearchApi.EventuallyAsync(async () =>
        {
            using var response = await admin.GetAsync("/api/v1/search/rebuild");
            var status = await response.ReadJsonAsync<RebuildStatusJson>();
            return !status.Running && status.FinishedAt is not null;
        }, "the new host to index the database into its empty index", StartPatience);

    private static Task WaitForEmptyOutboxAsync(IServiceProvider services) =>
        SearchApi.EventuallyAsync(async () => await OutboxAsync(services, null) is { Count: 0 }, "an empty outbox", StartPatience);

    private static async Task<List<SearchOutboxEntry>> OutboxAsync(IServiceProvider services, IReadOnlyCollection<string>? parents)
    {
        await using var scope = services.CreateAsyncScope();
        var rows = scope.ServiceProvider.GetRequiredService<ForumDbContext>().Set<SearchOutboxEntry>().AsNoTracking();
        return await (parents is null ? rows : rows.Where(r => parents.Contains(r.Parent))).OrderBy(r => r.Id).ToListAsync();
    }

    private static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> host, string user)
    {
        var client = host.CreateDefaultClient(new ServerErrorsHandler(new ServerLog()));
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoUsers.Email(user), password = DemoUsers.Password });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.ReadJsonAsync<TokenJson>()).AccessToken);
        return client;
    }

    private static string TempIndexPath() => Path.Combine(Path.GetTempPath(), "childforum-tests", "search-outbox-" + Guid.NewGuid().ToString("N"));

    private static void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>A thread with a reply and a draft in the public demo group, each with <paramref name="word"/>; the parents
    /// they put in the outbox, and how many hits a search for the word gives once indexed.</summary>
    private static async Task<(List<string> Parents, int Hits)> WriteContentAsync(HttpClient facilitator, string word)
    {
        var thread = await facilitator.StartThreadAsync(DemoGroups.LeftBehindChildren, Unique.Name("Thread"), $"Opening words, {word}.");
        var reply = await facilitator.PostMessageAsync(thread.Id, $"A reply, {word}.");
        var draft = await facilitator.CreateDraftAsync(DemoGroups.LeftBehindChildren, Unique.Name("Draft"), $"First paragraph, {word}.\n\nSecond paragraph, {word}.");
        return ([$"thread:{thread.Id}", $"message:{thread.Id}:1", $"message:{thread.Id}:{reply.Seq}", $"draft:{draft.Id}"], 5);
    }

    [SkippableFact]
    public async Task Failed_batches_stay_in_the_outbox_with_attempts_and_a_later_retry_time_until_the_index_converges()
    {
        var indexPath = TempIndexPath();
        try
        {
            await using var node = await StartFailingNodeAsync(indexPath);
            using var facilitator = await ClientAsync(node.Host, DemoUsers.Facilitator);
            using var anonymous = node.Host.CreateDefaultClient();
            var word = Words.New();
            node.Gate.FailNext(2, onlyWith: word);

            var thread = await facilitator.StartThreadAsync(DemoGroups.LeftBehindChildren, Unique.Name("Thread"), $"Opening words, {word}.");
            string[] parents = [$"thread:{thread.Id}", $"message:{thread.Id}:1"];

            List<SearchOutboxEntry> first = [];
            await SearchApi.EventuallyAsync(async () => (first = await OutboxAsync(node.Host.Services, parents)).Count == 2 && first.All(r => r.Attempts >= 1),
                "the failed batch to be recorded in the outbox");
            Assert.Equal(0, (await anonymous.SearchAsync(word)).Total);
            Assert.All(first, row =>
            {
                Assert.True(row.NextAttemptAt > row.CreatedAt, $"After a failure the row should wait: created {row.CreatedAt:O}, next attempt {row.NextAttemptAt:O}.");
                Assert.Contains(FailingSearchBackend.Message, row.LastError, StringComparison.Ordinal);
            });
            List<SearchOutboxEntry> second = [];
            await SearchApi.EventuallyAsync(async () => (second = await OutboxAsync(node.Host.Services, parents)).Count == 2 && second.All(r => r.Attempts >= 2),
                "the second attempt to fail too", RecoveryPatience);
            Assert.All(second, row => Assert.True(row.NextAttemptAt > first.Single(f => f.Id == row.Id).NextAttemptAt, "The back-off should move the next attempt later."));

            var found = await anonymous.SearchUntilFoundAsync(SearchApi.Url(word), count: 2, patience: RecoveryPatience);
            await SearchApi.EventuallyAsync(async () => (await OutboxAsync(node.Host.Services, null)).Count == 0, "the outbox to be empty", RecoveryPatience);
            Assert.Equal(["message", "thread"], found.Items.Select(i => i.Type).Order());
            Assert.True(node.Gate.ReplaceCalls >= 3);
        }
        finally
        {
            DeleteFolder(indexPath);
        }
    }

    [SkippableFact]
    public async Task Batch_written_to_the_index_but_not_acknowledged_is_written_again_without_duplicates()
    {
        var indexPath = TempIndexPath();
        try
        {
            await using var node = await StartFailingNodeAsync(indexPath);
            using var facilitator = await ClientAsync(node.Host, DemoUsers.Facilitator);
            using var anonymous = node.Host.CreateDefaultClient();
            var word = Words.New();
            node.Gate.FailNext(1, writeBeforeFailing: true, onlyWith: word);

            var thread = await facilitator.StartThreadAsync(DemoGroups.LeftBehindChildren, Unique.Name("Thread"), $"Opening words, {word}.");

            // The gate, not the outbox, tells that the batch was written and then failed: the row's failed state lasts
            // only until the retry, which a poll of the outbox can miss on a busy machine.
            await SearchApi.EventuallyAsync(() => Task.FromResult(node.Gate.Failures == 1), "the batch to be written and then fail",
                lastSeen: () => $"{node.Gate.ReplaceCalls} writes, {node.Gate.CallsWithWord} with the word, {node.Gate.Failures} failed");
            await SearchApi.EventuallyAsync(async () => (await OutboxAsync(node.Host.Services, null)).Count == 0, "the retry to empty the outbox", RecoveryPatience);
            Assert.True(node.Gate.CallsWithWord >= 2, $"The batch should have been written again after its failure; calls with the word: {node.Gate.CallsWithWord}.");
            var result = await anonymous.SearchAsync(word);
            Assert.Equal(2, result.Total);
            Assert.Equal(["message", "thread"], result.Items.Select(i => i.Type).Order());
            Assert.Equal(new Dictionary<string, long> { ["message"] = 1, ["thread"] = 1 }, result.Facets.Type);
        }
        finally
        {
            DeleteFolder(indexPath);
        }
    }

    [SkippableFact]
    public async Task Outbox_left_by_a_host_that_stopped_mid_indexing_is_indexed_by_the_next_host_on_the_same_index()
    {
        var indexPath = TempIndexPath();
        try
        {
            string word;
            List<string> parents;
            int hits;
            await using (var crashed = await StartFailingNodeAsync(indexPath))
            {
                using var facilitator = await ClientAsync(crashed.Host, DemoUsers.Facilitator);
                word = Words.New();
                crashed.Gate.FailNext(-1);

                (parents, hits) = await WriteContentAsync(facilitator, word);

                await SearchApi.EventuallyAsync(async () => (await OutboxAsync(crashed.Host.Services, parents)) is var rows && rows.Select(r => r.Parent).Distinct().Count() == parents.Count && rows.All(r => r.Attempts >= 1),
                    "every batch to fail once");
            }
            var left = await App.QueryDatabaseAsync(db => db.Set<SearchOutboxEntry>().AsNoTracking().Where(r => parents.Contains(r.Parent)).ToListAsync());
            Assert.Equal(parents.Order(), left.Select(r => r.Parent).Distinct().Order());
            Assert.All(left, r => Assert.True(r.Attempts >= 1 && r.NextAttemptAt > r.CreatedAt, $"{r.Parent}: attempts {r.Attempts}, created {r.CreatedAt:O}, next {r.NextAttemptAt:O}"));

            await using var next = App.NewNode(realServer: false);
            next.Settings["Search:IndexPath"] = indexPath;
            await next.StartAsync();
            using var anonymous = next.CreateAnonymousClient();

            var found = await anonymous.SearchUntilFoundAsync(SearchApi.Url(word), count: hits, patience: RecoveryPatience);
            await SearchApi.EventuallyAsync(async () => await next.QueryDatabaseAsync(db => db.Set<SearchOutboxEntry>().AnyAsync()) is false, "the outbox to be empty", RecoveryPatience);
            Assert.Equal(new Dictionary<string, long> { ["thread"] = 1, ["message"] = 2, ["draft"] = 2 }, found.Facets.Type);
            Assert.True(await anonymous.SearchAsync("directors") is { Total: > 0 }, "The next host should keep the index it found (the demo content).");
        }
        finally
        {
            DeleteFolder(indexPath);
        }
    }

    [SkippableFact]
    public async Task Host_that_lost_its_index_folder_rebuilds_it_from_the_database_with_the_content_left_in_the_outbox()
    {
        var (crashedPath, newPath) = (TempIndexPath(), TempIndexPath());
        try
        {
            string word;
            List<string> parents;
            int hits;
            await using (var crashed = await StartFailingNodeAsync(crashedPath))
            {
                using var facilitator = await ClientAsync(crashed.Host, DemoUsers.Facilitator);
                word = Words.New();
                crashed.Gate.FailNext(-1);
                (parents, hits) = await WriteContentAsync(facilitator, word);
                await SearchApi.EventuallyAsync(async () => (await OutboxAsync(crashed.Host.Services, parents)).Select(r => r.Parent).Distinct().Count() == parents.Count,
                    "the content's rows in the outbox");
            }

            await using var next = App.NewNode(realServer: false);
            next.Settings["Search:IndexPath"] = newPath;
            await next.StartAsync();
            using var facilitatorOnNext = await next.ClientForAsync(DemoUsers.Facilitator);

            var found = await facilitatorOnNext.SearchUntilFoundAsync(SearchApi.Url(word), count: hits, patience: RecoveryPatience);
            Assert.All(found.Items, i => Assert.Equal(DemoGroups.LeftBehindChildren, i.Group.Slug));
            await SearchApi.EventuallyAsync(async () => await next.QueryDatabaseAsync(db => db.Set<SearchOutboxEntry>().AnyAsync()) is false, "the outbox to be empty", RecoveryPatience);
            Assert.True(await facilitatorOnNext.SearchAsync("directors") is { Total: > 0 }, "The rebuilt index should hold the demo content.");
            Assert.Equal(hits, (await facilitatorOnNext.SearchAsync(word)).Total);
        }
        finally
        {
            DeleteFolder(crashedPath);
            DeleteFolder(newPath);
        }
    }
}

[Collection(OutboxSqliteFixture.Collection)]
public sealed class OutboxRecoveryTestsOnSqlite(OutboxSqliteFixture fixture) : OutboxRecoveryTests(fixture);

[Collection(OutboxPostgresFixture.Collection)]
public sealed class OutboxRecoveryTestsOnPostgres(OutboxPostgresFixture fixture) : OutboxRecoveryTests(fixture);
