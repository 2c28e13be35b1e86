using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ChildForum.Core.Cluster;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>Moves the page cache to a new generation (<see cref="PageCacheGeneration"/>) on every web node each time a
/// change that pages may show is committed: it reads every command the site sends to the database, so that a change made
/// by any module, through the change tracker or a bulk <c>ExecuteUpdate</c>, is seen without the module doing anything.
/// A write outside a transaction counts when it has run; one inside a transaction when the transaction commits (a page
/// rendered in between still reads the data from before, and is kept under the older generation).
/// Writes to the tables in <see cref="Unseen"/> are not shown on any page to someone not signed in and do not count.
/// Table names are read from the SQL, which EF Core (and the few hand-written statements) always quote.</summary>
public sealed partial class PageCacheInvalidator(PageCacheGeneration generation, IClusterBus cluster) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Topic = "page-cache";

    /// <summary>Tables whose rows no page shows to a visitor who is not signed in: queues, keys, per-person settings and
    /// notifications, unpublished minutes drafts, extracted text, and the audit log.</summary>
    private static readonly HashSet<string> Unseen = new(StringComparer.Ordinal)
    {
        "AuditEntries", "DataProtectionKeys", "SearchOutbox", "OutgoingMails", "Notifications", "NotificationSettings",
        "GroupNotificationSettings", "MailOptOuts", "CalendarFeedKeys", "Archives", "DocumentVersionTexts",
        "MeetingMinutesDrafts", "AspNetUserTokens", "AspNetUserLogins", "AspNetUserClaims", "__EFMigrationsHistory",
    };

    private static readonly ConditionalWeakTable<DbTransaction, object> WrittenIn = new();
    private static readonly object Marker = new();

    [GeneratedRegex(@"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+""(\w+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WrittenTables();

    /// <summary>Whether <paramref name="sql"/> writes a table that pages may show.</summary>
    public static bool ChangesPages(string sql)
    {
        foreach (Match match in WrittenTables().Matches(sql))
        {
            if (!Unseen.Contains(match.Groups[1].Value))
            {
                return true;
            }
        }
        return false;
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
        if (WrittenIn.TryGetValue(transaction, out _))
        {
            WrittenIn.Remove(transaction);
            Advance();
        }
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (WrittenIn.TryGetValue(transaction, out _))
        {
            WrittenIn.Remove(transaction);
            await AdvanceAsync(cancellationToken);
        }
    }

    private void Written(DbCommand command)
    {
        if (Committed(command))
        {
            Advance();
        }
    }

    private async ValueTask WrittenAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (Committed(command))
        {
            await AdvanceAsync(cancellationToken);
        }
    }

    /// <summary>True when the command changed pages and is already committed; a write inside a transaction is noted for
    /// the commit.</summary>
    private static bool Committed(DbCommand command)
    {
        if (!ChangesPages(command.CommandText))
        {
            return false;
        }
        if (command.Transaction is { } transaction)
        {
            WrittenIn.AddOrUpdate(transaction, Marker);
            return false;
        }
        return true;
    }

    /// <summary>Synchronous callers (rare: the site writes asynchronously) do not wait for the other nodes.</summary>
    private void Advance() => _ = AdvanceAsync(CancellationToken.None).AsTask();

    /// <summary>This node first, at once; then every node through the cluster bus, which waits until each has moved on.
    /// Without Redis this node is the site, and the bus is not asked.</summary>
    private async ValueTask AdvanceAsync(CancellationToken cancellationToken)
    {
        await generation.AdvanceAsync(CancellationToken.None);
        if (cluster is not LocalClusterBus)
        {
            await cluster.PublishAsync(Topic, "", cancellationToken);
        }
    }
}
