using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Web.Setup;

/// <summary>What each opened SQLite connection gets (a scope keeps its connection open: <see cref="Core.Data.KeepConnectionOpen"/>).
/// <list type="bullet">
/// <item><b>Every letter in <c>lower()</c> and <c>upper()</c>,</b> as PostgreSQL's have: SQLite's own change only ASCII
/// letters. Queries that match case-insensitively in the database (<c>ToLower()</c> in LINQ) then find "Émile" written
/// "émile" on both databases alike; the Chatham House view relies on it to find every name it must hide.</item>
/// <item><b>A busy wait inside SQLite.</b> SQLite lets one connection write at a time. A second writer used to get "busy"
/// at once, and Microsoft.Data.Sqlite then sleeps 150 ms on its thread before it tries again: a post that met the search
/// indexer's delete of its outbox rows held up every post queued behind it by 150 ms (the live benchmark's p99 at 50
/// messages a second was about 190 ms; a timed post showed the 150 ms inside its transaction). With SQLite's own busy
/// timeout set, SQLite waits for the lock itself and tries again after 1, 2, 5, 10… ms. The timeout is the connection's
/// <c>Default Timeout</c>, as Microsoft.Data.Sqlite's retries were.</item>
/// </list></summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    private SqliteConnectionSetup()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }
        sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        sqlite.CreateFunction("upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
        if (sqlite.Handle is { } handle)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)Math.Min(int.MaxValue, sqlite.DefaultTimeout * 1000L));
        }
    }
}
