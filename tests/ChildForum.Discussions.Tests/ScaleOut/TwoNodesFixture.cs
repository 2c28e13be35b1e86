using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.ScaleOut;

/// <summary>Two web nodes of one site, each its own host on Kestrel, sharing one database and a real Redis backplane
/// (<c>ConnectionStrings:Redis</c> = <c>CHILDFORUM_TEST_REDIS</c>). The database is PostgreSQL when
/// <c>CHILDFORUM_TEST_POSTGRES</c> is set, otherwise one SQLite data folder both nodes open. Node A starts first and
/// alone migrates and applies the demo recipe; node B starts on the database as A left it.</summary>
public class TwoNodesFixture : IAsyncLifetime
{
    private ForumAppFactory? _a;
    private ForumAppFactory? _b;

    /// <summary>"PostgreSQL" or "SQLite (one data folder shared by both nodes)".</summary>
    public string Database { get; private set; } = "";

    public ForumAppFactory A => Started(_a);

    public ForumAppFactory B => Started(_b);

    private static ForumAppFactory Started(ForumAppFactory? node)
    {
        ExternalService.Redis.Require();
        return node ?? throw new InvalidOperationException("The two nodes were not started.");
    }

    public async Task InitializeAsync()
    {
        if (ExternalService.Redis.Value is not { } redis)
        {
            return;
        }
        var postgres = ExternalService.Postgres.Value;
        Database = postgres is null ? "SQLite (one data folder shared by both nodes)" : "PostgreSQL";
        _a = postgres is null ? new SqliteForumAppFactory(realServer: true) : new PostgresForumAppFactory(postgres, realServer: true);
        Configure(_a, redis);
        await _a.StartAsync();
        _b = _a.NewNode(realServer: true);
        Configure(_b, redis);
        await _b.StartAsync();
    }

    private void Configure(ForumAppFactory node, string redis)
    {
        node.Settings["ConnectionStrings:Redis"] = redis;
        node.Settings["Discussions:RateLimit"] = "100000";
        foreach (var (key, value) in ExtraSettings)
        {
            node.Settings[key] = value;
        }
    }

    /// <summary>Settings both nodes start with on top of the Redis connection.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    public async Task DisposeAsync()
    {
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }
    }
}

/// <summary>Two nodes with the shipped number of messages (20) in a window of a minute, so that a slow machine still
/// sends them all within it, on Redis channels and keys of their own.</summary>
public sealed class TwoNodesWithShippedLimitsFixture : TwoNodesFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Discussions:RateLimit"] = "20",
        ["Discussions:RateWindow"] = "00:01:00",
        ["Discussions:RedisPrefix"] = "childforum-test-" + Unique.Suffix(),
    };
}
