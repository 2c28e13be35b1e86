using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests;

// One site per database provider, shared by all the API test classes of that provider; the two run side by side.
// Tests that change something work in a group of their own (DraftApi.NewSceneAsync) and never touch the demo drafts.
// RealServerTests need Kestrel (the in-memory test server does not enforce request size limits): one more site per provider.

[CollectionDefinition(SqliteAppFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>;

[CollectionDefinition(PostgresAppFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>;

public sealed class SqliteKestrelFixture() : SqliteSiteFixture(realServer: true)
{
    public const string Collection = "Policy drafts on SQLite, Kestrel";
}

public sealed class PostgresKestrelFixture() : PostgresSiteFixture(realServer: true)
{
    public const string Collection = "Policy drafts on PostgreSQL, Kestrel";
}

[CollectionDefinition(SqliteKestrelFixture.Collection)]
public sealed class SqliteKestrelCollection : ICollectionFixture<SqliteKestrelFixture>;

[CollectionDefinition(PostgresKestrelFixture.Collection)]
public sealed class PostgresKestrelCollection : ICollectionFixture<PostgresKestrelFixture>;
