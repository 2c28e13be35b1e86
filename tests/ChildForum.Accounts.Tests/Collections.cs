using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

// One site per database provider, shared by most test classes of that provider; the two run side by side.
// These shared sites raise the sign-in failure limits, so that tests which try wrong passwords on purpose (all from the
// one in-memory "client") do not slow each other down. The limits as shipped are tested on sites of their own on Kestrel
// (SignInLimitsTests), where each test is a client address of its own, and on two nodes sharing Redis (SessionsAcrossNodesTests).

public static class SharedSite
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Accounts:SignInLimits:ClientFailures"] = "100000",
        ["Accounts:SignInLimits:ClientAccountFailures"] = "100000",
        ["Accounts:SignInLimits:AccountFailures"] = "100000",
    };
}

public sealed class SqliteFixture() : SqliteSiteFixture(realServer: false, SharedSite.Settings)
{
    public const string Collection = "Accounts on SQLite";
}

public sealed class PostgresFixture() : PostgresSiteFixture(realServer: false, SharedSite.Settings)
{
    public const string Collection = "Accounts on PostgreSQL";
}

/// <summary>A site with the sign-in limits as shipped, on Kestrel so that tests sign in from client addresses of their own.</summary>
public sealed class SqliteShippedLimitsFixture() : SqliteSiteFixture(realServer: true)
{
    public const string Collection = "Accounts with shipped limits on SQLite, Kestrel";
}

public sealed class PostgresShippedLimitsFixture() : PostgresSiteFixture(realServer: true)
{
    public const string Collection = "Accounts with shipped limits on PostgreSQL, Kestrel";
}

[CollectionDefinition(SqliteFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteFixture>;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[CollectionDefinition(SqliteShippedLimitsFixture.Collection)]
public sealed class SqliteShippedLimitsCollection : ICollectionFixture<SqliteShippedLimitsFixture>;

[CollectionDefinition(PostgresShippedLimitsFixture.Collection)]
public sealed class PostgresShippedLimitsCollection : ICollectionFixture<PostgresShippedLimitsFixture>;

[CollectionDefinition(TwoNodesFixture.Collection)]
public sealed class TwoNodesCollection : ICollectionFixture<TwoNodesFixture>;
