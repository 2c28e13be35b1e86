using Xunit;

namespace ChildForum.Testing;

/// <summary>A collection fixture that hosts the site once for all the tests of one database provider.
/// A test project declares the collections itself (xUnit looks for them in the test assembly):
/// <code>
/// [CollectionDefinition(SqliteAppFixture.Collection)] public sealed class SqliteCollection : ICollectionFixture&lt;SqliteAppFixture&gt;;
/// [CollectionDefinition(PostgresAppFixture.Collection)] public sealed class PostgresCollection : ICollectionFixture&lt;PostgresAppFixture&gt;;
/// </code></summary>
public abstract class ForumAppFixture : IAsyncLifetime
{
    /// <summary>The site. Skips the calling test (or fails it under CI) when the provider's service is missing.</summary>
    public abstract ForumAppFactory App { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();
}

public sealed class SqliteAppFixture : ForumAppFixture
{
    public const string Collection = "SQLite site";

    private readonly SqliteForumAppFactory _app = new();

    public override ForumAppFactory App => _app;

    public override Task InitializeAsync() => _app.StartAsync();

    public override async Task DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Needs <c>CHILDFORUM_TEST_POSTGRES</c>; without it every test that touches <see cref="App"/> is
/// skipped, or fails when <c>CI=true</c>. Tests that use it must be <c>[SkippableFact]</c>/<c>[SkippableTheory]</c>.</summary>
public sealed class PostgresAppFixture : ForumAppFixture
{
    public const string Collection = "PostgreSQL site";

    private PostgresForumAppFactory? _app;

    public override ForumAppFactory App
    {
        get
        {
            ExternalService.Postgres.Require();
            return _app ?? throw new InvalidOperationException("The PostgreSQL site was not started.");
        }
    }

    public override async Task InitializeAsync()
    {
        if (ExternalService.Postgres.Value is { } server)
        {
            _app = new PostgresForumAppFactory(server);
            await _app.StartAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>A site on SQLite with settings of its own, for a test project that needs more than <see cref="SqliteAppFixture"/>:
/// Kestrel (<paramref name="realServer"/>, for SignalR clients and anything that needs a socket) or configuration
/// (<see cref="ForumAppFactory.Settings"/>). The test project derives a sealed fixture with a parameterless constructor.</summary>
public abstract class SqliteSiteFixture(bool realServer, IReadOnlyDictionary<string, string?>? settings = null) : ForumAppFixture
{
    private readonly SqliteForumAppFactory _app = WithSettings(new SqliteForumAppFactory(realServer), settings);

    public override ForumAppFactory App => _app;

    public override Task InitializeAsync() => _app.StartAsync();

    public override async Task DisposeAsync() => await _app.DisposeAsync();

    internal static T WithSettings<T>(T app, IReadOnlyDictionary<string, string?>? settings) where T : ForumAppFactory
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            app.Settings[key] = value;
        }
        return app;
    }
}

/// <summary>As <see cref="SqliteSiteFixture"/> on PostgreSQL; skips (or fails under CI) as <see cref="PostgresAppFixture"/> does.</summary>
public abstract class PostgresSiteFixture(bool realServer, IReadOnlyDictionary<string, string?>? settings = null) : ForumAppFixture
{
    private PostgresForumAppFactory? _app;

    public override ForumAppFactory App
    {
        get
        {
            ExternalService.Postgres.Require();
            return _app ?? throw new InvalidOperationException("The PostgreSQL site was not started.");
        }
    }

    public override async Task InitializeAsync()
    {
        if (ExternalService.Postgres.Value is { } server)
        {
            _app = SqliteSiteFixture.WithSettings(new PostgresForumAppFactory(server, realServer), settings);
            await _app.StartAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
