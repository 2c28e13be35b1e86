using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

// One site per database provider, shared by all the test classes of that provider; the two run side by side.

[CollectionDefinition(SqliteAppFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>;

[CollectionDefinition(PostgresAppFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>;
