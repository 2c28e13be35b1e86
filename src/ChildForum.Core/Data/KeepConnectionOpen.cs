using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Core.Data;

/// <summary>Keeps a context's connection open from its first query to the end of its scope (the request), instead of
/// closing it after every query and opening it again for the next. For SQLite: each open of a pooled connection runs
/// <c>PRAGMA foreign_keys</c> and registers EF's SQL functions again, which cost a signed-in page (11–20 queries) about as
/// much as its queries did. EF then finds the connection open and leaves it so; disposing the context (with its scope)
/// closes it and gives it back to the pool. An open SQLite connection outside a transaction holds no lock.</summary>
public sealed class KeepConnectionOpen : DbConnectionInterceptor
{
    public static readonly KeepConnectionOpen Instance = new();

    private KeepConnectionOpen()
    {
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        Keep(connection, result);

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(Keep(connection, result));

    // A broken connection is closed as EF asks.
    private static InterceptionResult Keep(DbConnection connection, InterceptionResult result) =>
        connection.State == ConnectionState.Open ? InterceptionResult.Suppress() : result;
}
