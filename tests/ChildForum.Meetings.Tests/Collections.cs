using ChildForum.Testing;

namespace ChildForum.Meetings.Tests;

// One site per database provider, shared by all the API test classes of that provider; the two run side by side.
// Tests that change something work in a group of their own (MeetingApi.NewGroupAsync) and never touch the demo meetings.
// Calendar-key tests use people of their own (a key belongs to a person, and a new key revokes the old one).

[CollectionDefinition(SqliteAppFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>;

[CollectionDefinition(PostgresAppFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>;
