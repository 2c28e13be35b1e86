using ChildForum.Core.Search;
using ChildForum.Search.Indexing;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Search.Tests;

// One site per database provider, shared by the API test classes of that provider; the two run side by side.
// Tests that change something work in a group of their own (SearchScene) and never touch the demo content, except the
// rebuild tests, which re-index everything and wait until the rebuild has finished.
// The discussions rate limit (20 messages in 10 s per person) is raised: tests of one collection post as the same demo
// people one after another, and a 429 there would say nothing about search.
// Tests that need hosts of their own (the outbox surviving a crash) start them on a database of their own.

public static class SearchSites
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Discussions:RateLimit"] = "100000",
    };
}

public sealed class SearchSqliteFixture() : SqliteSiteFixture(realServer: false, SearchSites.Settings)
{
    public const string Collection = "Search on SQLite";
}

public sealed class SearchPostgresFixture() : PostgresSiteFixture(realServer: false, SearchSites.Settings)
{
    public const string Collection = "Search on PostgreSQL";
}

[CollectionDefinition(SearchSqliteFixture.Collection)]
public sealed class SearchSqliteCollection : ICollectionFixture<SearchSqliteFixture>;

[CollectionDefinition(SearchPostgresFixture.Collection)]
public sealed class SearchPostgresCollection : ICollectionFixture<SearchPostgresFixture>;

/// <summary>A site whose own indexer is idle after it has indexed the demo content (it polls the outbox once an hour and is
/// woken only by changes made through itself): the outbox tests start further hosts on its database (NewNode), with a
/// backend that fails, and check that what those hosts left in the outbox is indexed by the next one.</summary>
public static class OutboxSites
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Search:PollInterval"] = "01:00:00",
    };

    /// <summary>At start the site's own indexer builds its index and drains the outbox until it is empty, rests a batch
    /// window, and takes one more look (the rebuild woke it) before it sleeps for the hour. Until then it would take
    /// rows that the tests' hosts write and expect to handle themselves (two outbox tests failed that way now and
    /// then), so the tests begin once it rests.</summary>
    public static async Task UntilTheSiteIndexerRestsAsync(ForumAppFactory app)
    {
        using var admin = await app.ClientForAsync(DemoUsers.Admin);
        await SearchApi.EventuallyAsync(async () =>
        {
            using var response = await admin.GetAsync("/api/v1/search/rebuild");
            return await response.ReadJsonAsync<RebuildStatusJson>() is { Running: false, FinishedAt: not null }
                && !await app.QueryDatabaseAsync(db => db.Set<SearchOutboxEntry>().AnyAsync());
        }, "the site to index its demo content and empty its outbox", TimeSpan.FromSeconds(60));
        await Task.Delay(3 * SearchIndexer.BatchWindow);
    }
}

public sealed class OutboxSqliteFixture() : SqliteSiteFixture(realServer: false, OutboxSites.Settings)
{
    public const string Collection = "Search outbox on SQLite";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await OutboxSites.UntilTheSiteIndexerRestsAsync(App);
    }
}

public sealed class OutboxPostgresFixture() : PostgresSiteFixture(realServer: false, OutboxSites.Settings)
{
    public const string Collection = "Search outbox on PostgreSQL";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (ExternalService.Postgres.Value is not null)
        {
            await OutboxSites.UntilTheSiteIndexerRestsAsync(App);
        }
    }
}

[CollectionDefinition(OutboxSqliteFixture.Collection)]
public sealed class OutboxSqliteCollection : ICollectionFixture<OutboxSqliteFixture>;

[CollectionDefinition(OutboxPostgresFixture.Collection)]
public sealed class OutboxPostgresCollection : ICollectionFixture<OutboxPostgresFixture>;
