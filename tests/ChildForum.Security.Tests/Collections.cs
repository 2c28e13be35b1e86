using ChildForum.Testing;

namespace ChildForum.Security.Tests;

// One site per database provider, shared by all the test classes of that provider; the two run side by side.
// The matrix makes its own people, groups and content (Unique names) and never changes the demo's.
//
// The sites raise the per-person send limit: the matrix makes a new message or thread for every call of a changing
// route, as the same member, far more than 20 in 10 seconds. Limits are not what the matrix is about.

public static class MatrixSite
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Discussions:RateLimit"] = "100000",
    };
}

public sealed class SqliteFixture() : SqliteSiteFixture(realServer: false, MatrixSite.Settings)
{
    public const string Collection = "Security on SQLite";
}

public sealed class PostgresFixture() : PostgresSiteFixture(realServer: false, MatrixSite.Settings)
{
    public const string Collection = "Security on PostgreSQL";
}

[CollectionDefinition(SqliteFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteFixture>;

[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
