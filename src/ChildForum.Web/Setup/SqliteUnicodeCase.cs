using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Web.Setup;

/// <summary>Gives SQLite's <c>lower()</c> and <c>upper()</c> every letter, as PostgreSQL's have: SQLite's own change only
/// ASCII letters. Queries that match case-insensitively in the database (<c>ToLower()</c> in LINQ) then find "Émile"
/// written "émile" on both databases alike; the Chatham House view relies on it to find every name it must hide.
/// Registered on each opened connection (a scope keeps its connection open: <see cref="Core.Data.KeepConnectionOpen"/>).</summary>
public sealed class SqliteUnicodeCase : DbConnectionInterceptor
{
    public static readonly SqliteUnicodeCase Instance = new();

    private SqliteUnicodeCase()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
            sqlite.CreateFunction("upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
        }
    }
}
