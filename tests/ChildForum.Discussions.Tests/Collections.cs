using ChildForum.Testing;

namespace ChildForum.Discussions.Tests;

// One site per database provider for the HTTP tests (in-memory test server) and one per provider on Kestrel for the
// hub tests (the SignalR client needs a socket), and one per provider with the send limit as shipped. They run side by side; the tests of one collection run in turn.
//
// These shared sites raise the per-person send limit, so that tests may post freely as the demo users without one
// test's messages counting against the next. LimitTests checks the limit as shipped, on a site of its own.

public static class SharedSite
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Discussions:RateLimit"] = "100000",
    };
}

public sealed class SqliteFixture() : SqliteSiteFixture(realServer: false, SharedSite.Settings)
{
    public const string Collection = "Discussions on SQLite";
}

public sealed class PostgresFixture() : PostgresSiteFixture(realServer: false, SharedSite.Settings)
{
    public const string Collection = "Discussions on PostgreSQL";
}

public sealed class SqliteLiveFixture() : SqliteSiteFixture(realServer: true, SharedSite.Settings)
{
    public const string Collection = "Discussions on SQLite, Kestrel";
}

public sealed class PostgresLiveFixture() : PostgresSiteFixture(realServer: true, SharedSite.Settings)
{
    public const string Collection = "Discussions on PostgreSQL, Kestrel";
}

/// <summary>A site with the send limit as shipped (20 messages in 10 seconds per person), for LimitTests.</summary>
public sealed class SqliteShippedLimitsFixture() : SqliteSiteFixture(realServer: true)
{
    public const string Collection = "Discussions with shipped limits on SQLite, Kestrel";
}

public sealed class PostgresShippedLimitsFixture() : PostgresSiteFixture(realServer: true)
{
    public const string Collection = "Discussions with shipped limits on PostgreSQL, Kestrel";
}

[CollectionDefinition(SqliteFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteFixture>;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[CollectionDefinition(SqliteLiveFixture.Collection)]
public sealed class SqliteLiveCollection : ICollectionFixture<SqliteLiveFixture>;

[CollectionDefinition(PostgresLiveFixture.Collection)]
public sealed class PostgresLiveCollection : ICollectionFixture<PostgresLiveFixture>;

[CollectionDefinition(SqliteShippedLimitsFixture.Collection)]
public sealed class SqliteShippedLimitsCollection : ICollectionFixture<SqliteShippedLimitsFixture>;

[CollectionDefinition(PostgresShippedLimitsFixture.Collection)]
public sealed class PostgresShippedLimitsCollection : ICollectionFixture<PostgresShippedLimitsFixture>;

/// <summary>A site on Kestrel with small live limits and one partner origin, for the tests of those limits.</summary>
public sealed class ConfiguredLimitsFixture() : SqliteSiteFixture(realServer: true, new Dictionary<string, string?>
{
    ["Discussions:RateLimit"] = "100000",
    ["Discussions:MaxConnectionsPerPerson"] = "2",
    ["Discussions:MaxThreadsPerConnection"] = "2",
    ["ChildForum:AllowedOrigins:0"] = ConfiguredLimitsFixture.PartnerOrigin,
})
{
    public const string Collection = "Discussions with small live limits on SQLite, Kestrel";

    public const string PartnerOrigin = "https://partner.example.org";
}

[CollectionDefinition(ConfiguredLimitsFixture.Collection)]
public sealed class ConfiguredLimitsCollection : ICollectionFixture<ConfiguredLimitsFixture>;
