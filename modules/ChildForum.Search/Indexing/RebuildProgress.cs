using ChildForum.Core.Data;
using ChildForum.Core.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Indexing;

/// <summary>A full rebuild: the backend starts an empty index, every parent of every source goes into the outbox,
/// the indexer drains it, and the backend completes (Elasticsearch swaps its read alias). Progress is the share of
/// the rebuild's rows already drained.</summary>
public sealed class RebuildProgress(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private volatile bool _enqueued;

    public bool Running { get; private set; }
    public long Total { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public async Task<long> StartAsync(IServiceProvider services, ISearchBackend backend, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Running)
            {
                return Total;
            }
            Running = true;
            _enqueued = false;
            Total = 0;
            StartedAt = clock.GetUtcNow();
            FinishedAt = null;
        }
        try
        {
            await backend.BeginRebuildAsync(cancellationToken);
            var db = services.GetRequiredService<ForumDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            long total = 0;
            foreach (var source in services.GetServices<ISearchSource>())
            {
                var batch = new List<SearchOutboxEntry>();
                await foreach (var parent in source.AllParentsAsync(cancellationToken))
                {
                    batch.Add(new SearchOutboxEntry { Parent = parent, CreatedAt = now, NextAttemptAt = now });
                    if (batch.Count == 1000)
                    {
                        total += await SaveAsync(db, batch, cancellationToken);
                    }
                }
                total += await SaveAsync(db, batch, cancellationToken);
            }
            Total = total;
            _enqueued = true;
            services.GetRequiredService<IndexerSignal>().Wake();
            return total;
        }
        catch
        {
            Running = false;
            throw;
        }
    }

    private static async Task<int> SaveAsync(ForumDbContext db, List<SearchOutboxEntry> batch, CancellationToken cancellationToken)
    {
        db.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    /// <summary>Rows still waiting, and the share done (0–1).</summary>
    public async Task<(long Remaining, double Done)> StatusAsync(ForumDbContext db, CancellationToken cancellationToken)
    {
        var remaining = await db.Set<SearchOutboxEntry>().LongCountAsync(cancellationToken);
        var done = !Running ? 1 : Total == 0 ? 0 : Math.Clamp(1 - (double)remaining / Total, 0, 1);
        return (remaining, done);
    }

    internal async Task CompleteIfDrainedAsync(IServiceScopeFactory scopes, ISearchBackend backend, CancellationToken cancellationToken)
    {
        if (!Running || !_enqueued)
        {
            return;
        }
        using var scope = scopes.CreateScope();
        if (await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Set<SearchOutboxEntry>().AnyAsync(cancellationToken))
        {
            return;
        }
        await backend.CompleteRebuildAsync(cancellationToken);
        Running = false;
        FinishedAt = clock.GetUtcNow();
    }
}
