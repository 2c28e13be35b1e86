using ChildForum.Testing;

namespace ChildForum.Core.Tests;

// One site per database provider, for the tests that need a running site (compression); the two run side by side.

[CollectionDefinition(SqliteAppFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>;

[CollectionDefinition(PostgresAppFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>;
