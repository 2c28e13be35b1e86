namespace ChildForum.Testing;

/// <summary>Base of the integration tests that run once per database provider: the tests are written once in an
/// abstract class, and a small sealed class per provider puts them in that provider's collection:
/// <code>
/// [Collection(SqliteAppFixture.Collection)] public sealed class XTestsOnSqlite(SqliteAppFixture f) : XTests(f);
/// [Collection(PostgresAppFixture.Collection)] public sealed class XTestsOnPostgres(PostgresAppFixture f) : XTests(f);
/// </code>
/// Use <c>[SkippableFact]</c>: <see cref="App"/> skips the test when PostgreSQL is not configured.</summary>
public abstract class ForumTest(ForumAppFixture fixture)
{
    protected ForumAppFactory App => fixture.App;
}
