using ChildForum.Core.Data;
using ChildForum.Files.Archives;
using ChildForum.Files.Models;
using ChildForum.Files.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Collection;

/// <summary>Deletes stored bytes that nothing uses any more, every <c>Files:Collection:Interval</c> on each node. Bytes
/// are kept while a version of a document refers to them (held versions included) or an archive row does, and for
/// <c>Files:Collection:GracePeriod</c> after they were last stored and after their last document was deleted: an upload
/// stores its bytes before its row commits, and a download may still be reading them. A deleted document's rows stay
/// for the audit log; only its bytes go. Two nodes collecting at once do no harm (deleting twice is harmless), and bytes
/// stored again in the meantime are kept: the store refreshes their time, and it is read again right before each
/// deletion. The log says how many files were looked at and deleted and how many bytes freed, never a hash or a name.</summary>
public sealed class BlobCollector(
    IServiceScopeFactory scopes,
    IFileStore store,
    IOptions<FilesOptions> options,
    TimeProvider clock,
    ILogger<BlobCollector> logger) : BackgroundService
{
    /// <summary>How many hashes one query about references carries.</summary>
    private const int QueryBatch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.Collection.Interval, clock);
        try
        {
            do
            {
                try
                {
                    await CollectOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError("Collecting unused files failed ({Type}); it runs again in {Interval}.", e.GetType().Name, options.Value.Collection.Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The site stops.
        }
    }

    /// <summary>One pass over the store: what was looked at, deleted and freed.</summary>
    public async Task<CollectionSummary> CollectOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Collection.GracePeriod;
        var lookedAt = 0;
        var old = new List<string>();
        await foreach (var file in store.ListAsync(cancellationToken))
        {
            lookedAt++;
            if (file.LastModified < cutoff)
            {
                old.Add(file.Sha256);
            }
        }
        var deleted = 0;
        long freed = 0;
        foreach (var batch in old.Chunk(QueryBatch))
        {
            var used = await UsedAsync(batch, cutoff.UtcDateTime, cancellationToken);
            foreach (var sha256 in batch.Where(h => !used.Contains(h)))
            {
                // Stored again since the listing (an upload whose row is not committed yet): kept.
                if (await store.FindAsync(sha256, cancellationToken) is not { } now || now.LastModified >= cutoff)
                {
                    continue;
                }
                await store.DeleteAsync(sha256, cancellationToken);
                deleted++;
                freed += now.Size;
            }
        }
        var summary = new CollectionSummary(lookedAt, deleted, freed);
        logger.LogInformation("Collected unused files: {LookedAt} stored files looked at, {Deleted} deleted, {BytesFreed} bytes freed.",
            summary.LookedAt, summary.Deleted, summary.BytesFreed);
        return summary;
    }

    /// <summary>The hashes of <paramref name="hashes"/> that a version of a document not deleted (or deleted after
    /// <paramref name="cutoff"/>) or an archive refers to.</summary>
    private async Task<HashSet<string>> UsedAsync(string[] hashes, DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var byDocuments = await (
            from version in db.Set<DocumentVersion>()
            join document in db.Set<Document>() on version.DocumentId equals document.Id
            where hashes.Contains(version.Sha256) && (!document.Deleted || document.DeletedAt == null || document.DeletedAt > cutoff)
            select version.Sha256).Distinct().ToListAsync(cancellationToken);
        var byArchives = await db.Set<Archive>()
            .Where(a => a.Sha256 != null && hashes.Contains(a.Sha256))
            .Select(a => a.Sha256!).Distinct().ToListAsync(cancellationToken);
        return [.. byDocuments, .. byArchives];
    }
}

/// <summary>What one collection did: files in the store looked at, files deleted and the bytes they held.</summary>
public sealed record CollectionSummary(int LookedAt, int Deleted, long BytesFreed);
