using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Core.Data;

/// <summary>What a statement does to a table.</summary>
public enum WriteKind
{
    Insert,
    Update,
    Delete,
}

/// <summary>A statement's write to one table (its name as the SQL quotes it).</summary>
public readonly record struct TableWrite(string Table, WriteKind Kind);

/// <summary>Something that must move on (a cache, on every web node) once a write to some tables is committed.</summary>
public interface ICommittedWriteWatcher
{
    /// <summary>Whether <paramref name="write"/> concerns this watcher.</summary>
    bool Watches(TableWrite write);

    /// <summary>Called after the write is committed, before the command or the commit returns to the code that made it.</summary>
    ValueTask CommittedAsync(CancellationToken cancellationToken);
}

/// <summary>Reads every command the site sends to the database and tells each <see cref="ICommittedWriteWatcher"/> about the
/// committed writes to its tables, so that a change made by any module, through the change tracker or a bulk
/// <c>ExecuteUpdate</c>, is seen without the module doing anything. A write outside a transaction counts when it has run;
/// one inside a transaction when the transaction commits (a reader in between still reads the data from before).
/// Table names are read from the SQL, which EF Core (and the few hand-written statements) always quote.</summary>
public sealed partial class CommittedWrites : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ICommittedWriteWatcher[] _watchers;

    /// <summary>The watchers a transaction's writes concern, as bits of <see cref="_watchers"/>, until it commits.</summary>
    private readonly ConditionalWeakTable<DbTransaction, Pending> _writtenIn = new();

    private sealed class Pending
    {
        public long Watchers;
    }

    public CommittedWrites(IEnumerable<ICommittedWriteWatcher> watchers)
    {
        _watchers = watchers.ToArray();
        if (_watchers.Length > 64)
        {
            throw new InvalidOperationException("At most 64 watchers of committed writes.");
        }
    }

    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+""(\w+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WritesPattern();

    /// <summary>The writes of <paramref name="sql"/>: the tables it inserts into, updates or deletes from (SQLite's
    /// <c>REPLACE INTO</c> counts as an update: it changes a row that may have been there).</summary>
    public static IEnumerable<TableWrite> Writes(string sql)
    {
        foreach (Match match in WritesPattern().Matches(sql))
        {
            var verb = match.Groups[1].Value;
            var kind = verb.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) ? WriteKind.Insert
                : verb.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) ? WriteKind.Delete
                : WriteKind.Update;
            yield return new TableWrite(match.Groups[2].Value, kind);
        }
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Written(command);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await WrittenAsync(command, cancellationToken);
        return result;
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Written(command);
        return result;
    }

    public override async ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        await WrittenAsync(command, cancellationToken);
        return result;
    }

    /// <summary>A reader's statements (a batch of inserts with <c>RETURNING</c>, an update that reports the rows it
    /// changed) have all run once it is closed.</summary>
    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Written(command);
        return result;
    }

    public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        await WrittenAsync(command, CancellationToken.None);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_writtenIn.TryGetValue(transaction, out var pending))
        {
            _writtenIn.Remove(transaction);
            Notify(pending.Watchers);
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_writtenIn.TryGetValue(transaction, out var pending))
        {
            _writtenIn.Remove(transaction);
            await NotifyAsync(pending.Watchers, cancellationToken);
        }
    }

    private void Written(DbCommand command) => Notify(Committed(command));

    private ValueTask WrittenAsync(DbCommand command, CancellationToken cancellationToken) => NotifyAsync(Committed(command), cancellationToken);

    /// <summary>The watchers (bits) whose tables the command wrote and that are already committed; the writes of a
    /// command inside a transaction are noted for its commit.</summary>
    private long Committed(DbCommand command)
    {
        var watchers = 0L;
        foreach (var write in Writes(command.CommandText))
        {
            for (var i = 0; i < _watchers.Length; i++)
            {
                if (_watchers[i].Watches(write))
                {
                    watchers |= 1L << i;
                }
            }
        }
        if (watchers == 0 || command.Transaction is not { } transaction)
        {
            return watchers;
        }
        // A transaction runs one command at a time.
        _writtenIn.GetValue(transaction, _ => new Pending()).Watchers |= watchers;
        return 0;
    }

    /// <summary>Synchronous callers (rare: the site writes asynchronously) do not wait for the watchers.</summary>
    private void Notify(long watchers)
    {
        if (watchers != 0)
        {
            _ = NotifyAsync(watchers, CancellationToken.None).AsTask();
        }
    }

    /// <summary>Each watcher moves on here at once (before its first await); the other nodes are told by all of them
    /// together, so a write to a table that several caches watch (a person, a membership) waits for one round trip of the
    /// cluster bus, not one per cache.</summary>
    private async ValueTask NotifyAsync(long watchers, CancellationToken cancellationToken)
    {
        if (watchers == 0)
        {
            return;
        }
        var told = new List<Task>();
        for (var i = 0; i < _watchers.Length; i++)
        {
            if ((watchers & (1L << i)) != 0)
            {
                told.Add(_watchers[i].CommittedAsync(cancellationToken).AsTask());
            }
        }
        await Task.WhenAll(told);
    }
}
