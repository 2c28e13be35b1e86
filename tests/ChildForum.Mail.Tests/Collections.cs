using ChildForum.Testing;

namespace ChildForum.Mail.Tests;

[CollectionDefinition(SqliteAppFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>;

[CollectionDefinition(PostgresAppFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>;
