using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Web.Setup;

/// <summary>SQLite lets one connection write at a time. A second writer used to get "busy" at once, and
/// Microsoft.Data.Sqlite then sleeps 150 ms on its thread before it tries again: a post that met the search indexer's
/// delete of its outbox rows held up every post queued behind it by 150 ms (the live benchmark's p99 at 50 messages a
/// second was about 190 ms, and a timed post showed the 150 ms inside its transaction). With SQLite's own busy timeout
/// set on each connection, SQLite waits for the lock itself and tries again after 1, 2, 5, 10… ms, so a writer waits for
/// the other's few milliseconds. The timeout is the connection's <c>Default Timeout</c>, as Microsoft.Data.Sqlite's retries were.</summary>
public sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public static readonly SqliteBusyWait Instance = new();

    private SqliteBusyWait()
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
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)Math.Min(int.MaxValue, sqlite.DefaultTimeout * 1000L));
        }
    }
}
