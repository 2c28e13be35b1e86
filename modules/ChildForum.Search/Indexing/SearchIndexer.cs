using ChildForum.Core.Data;
using ChildForum.Core.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Indexing;

/// <summary>Drains the outbox into the backend. A batch's rows are deleted only after the backend has made the batch
/// durable, so a crash or restart re-indexes them (replacing a parent's documents is idempotent) and the index
/// converges. A failing batch is retried with exponential back-off (2 s doubling to 5 min) while others go on.
/// <para>After a drain the indexer rests <see cref="BatchWindow"/> before it looks again: the first change after a quiet
/// spell is indexed at once, and changes that come while it rests (a busy thread posts many messages a second) are
/// indexed together, one durable commit for all of them instead of one each. Measured with the live benchmark (1,000
/// clients, 10 messages a second, after a long warm-up, perf): a commit after each message took 23% of the site's CPU
/// (the commit's flush, sync and new segment, then Lucene merging the many one-document segments).</para></summary>
public sealed class SearchIndexer(IServiceScopeFactory scopes, ISearchBackend backend, IndexerSignal signal, RebuildProgress rebuild, ChildForum.Core.Markdown.IMarkdownRenderer markdown,
    IOptions<SearchOptions> options, TimeProvider clock, ILogger<SearchIndexer> logger) : BackgroundService
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>The rest after a drain: half of the 2 s in which a saved item must be findable, which leaves the other
    /// half for the drain that comes after it. At 500 ms, the live benchmark at 50 messages a second spent about a tenth of
    /// the site's CPU on the indexer (Lucene's flush, fsyncs, new segment files and their merges, once per drain).</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await RebuildIfNeededAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not check whether the search index needs building.");
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DrainOnceAsync(stoppingToken) > 0)
                {
                }
                await rebuild.CompleteIfDrainedAsync(scopes, backend, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The search indexer failed; it tries again.");
            }
            try
            {
                await Task.Delay(BatchWindow, stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>An empty index (a new site, content from before search, a lost index folder) or one built by an earlier
    /// layout (an analysis that changed with an upgrade): everything is indexed from the database.</summary>
    private async Task RebuildIfNeededAsync(CancellationToken cancellationToken)
    {
        if (!await backend.NeedsRebuildAsync(cancellationToken))
        {
            return;
        }
        using var scope = scopes.CreateScope();
        var total = await rebuild.StartAsync(scope.ServiceProvider, backend, cancellationToken);
        logger.LogInformation("The search index was empty or built by an earlier version: {Count} items queued for indexing.", total);
    }

    /// <summary>One batch of due rows; returns how many rows it handled (0 when nothing was due).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var sources = scope.ServiceProvider.GetServices<ISearchSource>().ToDictionary(s => s.Kind, StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<SearchOutboxEntry>().AsNoTracking().Where(r => r.NextAttemptAt <= now).OrderBy(r => r.Id)
            .Take(Math.Max(1, options.Value.BatchSize)).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }
        var ids = rows.Select(r => r.Id).ToList();
        var parents = rows.Select(r => r.Parent).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            foreach (var follower in scope.ServiceProvider.GetServices<ISearchFollower>())
            {
                parents.AddRange(await follower.FollowersAsync(parents, cancellationToken));
            }
            parents = parents.Distinct(StringComparer.Ordinal).ToList();
            var documents = new List<SearchDocument>();
            var known = new List<string>();
            foreach (var kind in parents.GroupBy(p => p.Split(':', 2)[0], StringComparer.Ordinal))
            {
                if (!sources.TryGetValue(kind.Key, out var source))
                {
                    logger.LogWarning("No search source for {Kind}: its outbox rows are dropped.", kind.Key);
                    continue;
                }
                var loaded = await source.LoadAsync(kind.ToList(), cancellationToken);
                known.AddRange(kind);
                // Bodies are Markdown: the index and the snippets get the words, not the syntax.
                documents.AddRange(loaded.Values.SelectMany(d => d).Select(d => d with { Body = markdown.ToPlainText(d.Body) }));
            }
            await backend.ReplaceAsync(known, documents, cancellationToken);
            await db.Set<SearchOutboxEntry>().Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = rows.Max(r => r.Attempts) + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 2 * Math.Pow(2, attempts - 1)));
            logger.LogWarning(e, "Indexing {Count} outbox rows failed (attempt {Attempts}); retrying in {Delay}.", rows.Count, attempts, delay);
            var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            // The back-off counts from the failure, not from the start of the drain: a drain slower than the delay
            // (a busy machine, a backend timing out) would otherwise be retried at once.
            var retryAt = clock.GetUtcNow().UtcDateTime + delay;
            await db.Set<SearchOutboxEntry>().Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Attempts, attempts)
                .SetProperty(r => r.NextAttemptAt, retryAt)
                .SetProperty(r => r.LastError, error), CancellationToken.None);
        }
        return rows.Count;
    }
}
