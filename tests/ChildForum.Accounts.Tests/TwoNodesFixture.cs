using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>Two web nodes of one site on Kestrel, sharing one database and Redis (<c>CHILDFORUM_TEST_REDIS</c>), with the
/// sign-in limits as shipped. PostgreSQL when <c>CHILDFORUM_TEST_POSTGRES</c> is set, otherwise one SQLite data folder.
/// Node A starts first and alone migrates and applies the demo recipe.</summary>
public sealed class TwoNodesFixture : IAsyncLifetime
{
    public const string Collection = "Accounts on two nodes with Redis";

    private ForumAppFactory? _a;
    private ForumAppFactory? _b;

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
        _a = postgres is null ? new SqliteForumAppFactory(realServer: true) : new PostgresForumAppFactory(postgres, realServer: true);
        // A prefix of its own: the failure counters of this site must not meet those of another test run on the same Redis.
        var prefix = "cf-accounts-" + Guid.NewGuid().ToString("N");
        _a.Settings["ConnectionStrings:Redis"] = redis;
        _a.Settings["Discussions:RedisPrefix"] = prefix;
        await _a.StartAsync();
        _b = _a.NewNode(realServer: true);
        _b.Settings["ConnectionStrings:Redis"] = redis;
        _b.Settings["Discussions:RedisPrefix"] = prefix;
        await _b.StartAsync();
    }

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
