using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Files.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Archives;

/// <summary>Builds queued archives in the background. A node claims one row with a conditional UPDATE (queued, or running
/// under a claim that lapsed), so two nodes never build the same archive; the claim is renewed with each source written,
/// and a node that finds it lost stops. The ZIP is written to a temporary file (<see cref="ZipArchiveContext"/>), then
/// put into the file store and the row marked done. Before building, the requester must still facilitate the group.
/// A failure marks the row failed with the step and the exception's type: no text of the group reaches the log.</summary>
public sealed class ArchiveBuilder(
    IServiceScopeFactory scopes,
    ArchiveSignal signal,
    IFileStore store,
    IOptions<ArchiveOptions> options,
    TimeProvider clock,
    ILogger<ArchiveBuilder> logger) : BackgroundService
{
    public const string NoLongerFacilitator = "The person who asked for the archive no longer facilitates the group.";

    /// <summary>This node's name in <see cref="Archive.ClaimedBy"/>.</summary>
    public string Node { get; } = NodeName();

    private static string NodeName()
    {
        var name = $"{Environment.MachineName}/{Guid.NewGuid():N}";
        return name.Length > Archive.ClaimMaxLength ? name[^Archive.ClaimMaxLength..] : name;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await BuildNextAsync(stoppingToken) is not null)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError("The archive builder failed ({Type}); it tries again.", e.GetType().Name);
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims the oldest archive waiting and builds it. Null when none waits; otherwise its id and whether this
    /// node built it (false: another node claimed it first).</summary>
    public async Task<(Guid Id, bool Built)?> BuildNextAsync(CancellationToken cancellationToken)
    {
        Guid id;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            var now = Now();
            var next = await db.Set<Archive>().AsNoTracking()
                .Where(a => a.Status == ArchiveStatuses.Queued || (a.Status == ArchiveStatuses.Running && a.ClaimedUntil < now))
                .OrderBy(a => a.CreatedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                return null;
            }
            id = next.Value;
        }
        if (!await TryClaimAsync(id, cancellationToken))
        {
            return (id, false);
        }
        await BuildAsync(id, cancellationToken);
        return (id, true);
    }

    /// <summary>Takes the archive for this node when it is queued or its claim lapsed: one statement, so of two nodes
    /// trying at once exactly one changes the row.</summary>
    public async Task<bool> TryClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var now = Now();
        var until = now + options.Value.ClaimDuration;
        var claimed = await db.Set<Archive>()
            .Where(a => a.Id == id && (a.Status == ArchiveStatuses.Queued || (a.Status == ArchiveStatuses.Running && a.ClaimedUntil < now)))
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, ArchiveStatuses.Running)
                .SetProperty(a => a.Progress, 0)
                .SetProperty(a => a.StartedAt, now)
                .SetProperty(a => a.ClaimedBy, Node)
                .SetProperty(a => a.ClaimedUntil, until), cancellationToken);
        return claimed == 1;
    }

    private async Task BuildAsync(Guid id, CancellationToken cancellationToken)
    {
        var step = "start";
        var temporary = Path.Combine(store.StagingFolder, id.ToString("N") + ".zip");
        Directory.CreateDirectory(store.StagingFolder);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<ForumDbContext>();
            var archive = await db.Set<Archive>().AsNoTracking().SingleAsync(a => a.Id == id, cancellationToken);
            step = "access";
            var group = await FacilitatedGroupAsync(services, archive, cancellationToken);
            if (group is null)
            {
                await FinishAsync(id, ArchiveStatuses.Failed, null, null, NoLongerFacilitator);
                logger.LogWarning("Archive {Id} of group {GroupId} not built: its requester no longer facilitates the group.", id, archive.GroupId);
                return;
            }
            var sources = services.GetServices<IArchiveSource>().OrderBy(s => s.Order).ToList();
            await using (var context = new ZipArchiveContext(store, temporary, ArchiveAudience.Readers(group), Now()))
            {
                for (var i = 0; i < sources.Count; i++)
                {
                    step = sources[i].Section;
                    await sources[i].WriteAsync(context, cancellationToken);
                    if (!await ReportAsync(id, (i + 1) * 95 / sources.Count, cancellationToken))
                    {
                        logger.LogWarning("Archive {Id}: this node's claim lapsed and another node took it over; this build stops.", id);
                        return;
                    }
                }
                step = "manifest";
                await context.FinishAsync(new ArchiveManifestGroup(group.GroupId, group.Slug, group.Name), cancellationToken);
            }
            step = "store";
            await using (var zip = File.OpenRead(temporary))
            await using (var staged = await StagedFile.CopyAsync(zip, store.StagingFolder, long.MaxValue, cancellationToken))
            {
                await store.PutAsync(staged!, cancellationToken);
                await FinishAsync(id, ArchiveStatuses.Done, staged!.Sha256, staged.Length, null);
                logger.LogInformation("Archive {Id} of group {GroupId} built ({Size} bytes).", id, archive.GroupId, staged.Length);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(id);
            throw;
        }
        catch (Exception e)
        {
            var reason = $"The archive could not be built (step {step}: {e.GetType().Name}).";
            logger.LogError("Archive {Id} failed in step {Step}: {Type}", id, step, e.GetType().Name);
            await FinishAsync(id, ArchiveStatuses.Failed, null, null, reason);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The group, when the requester may still facilitate it (signed in as themselves, not locked).</summary>
    private async Task<GroupAccess?> FacilitatedGroupAsync(IServiceProvider services, Archive archive, CancellationToken cancellationToken)
    {
        var user = await services.GetRequiredService<ForumDbContext>().Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == archive.RequestedById, cancellationToken);
        if (user is null || user.LockoutEnd > clock.GetUtcNow())
        {
            return null;
        }
        ClaimsPrincipal principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<ForumUser>>().CreateAsync(user);
        var decision = await services.GetRequiredService<AccessRule>().CheckAsync(principal, archive.GroupId, GroupPermissions.Facilitate, "archive", cancellationToken);
        return decision.Allowed ? decision.Group : null;
    }

    /// <summary>Records progress and renews the claim; false when this node no longer holds it.</summary>
    private async Task<bool> ReportAsync(Guid id, int progress, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var until = Now() + options.Value.ClaimDuration;
        return await db.Set<Archive>().Where(a => a.Id == id && a.ClaimedBy == Node && a.Status == ArchiveStatuses.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Progress, progress).SetProperty(a => a.ClaimedUntil, until), cancellationToken) == 1;
    }

    /// <summary>Done or failed, and the claim ended. Not cancelled: a result that was reached must be recorded.</summary>
    private async Task FinishAsync(Guid id, string status, string? sha256, long? size, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var now = Now();
        var progress = status == ArchiveStatuses.Done ? 100 : 0;
        error = error is { Length: > Archive.ErrorMaxLength } ? error[..Archive.ErrorMaxLength] : error;
        await db.Set<Archive>().Where(a => a.Id == id && a.ClaimedBy == Node).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.Status, status)
            .SetProperty(a => a.Progress, a => status == ArchiveStatuses.Done ? progress : a.Progress)
            .SetProperty(a => a.Sha256, sha256)
            .SetProperty(a => a.Size, size)
            .SetProperty(a => a.Error, error)
            .SetProperty(a => a.CompletedAt, now)
            .SetProperty(a => a.ClaimedBy, (string?)null)
            .SetProperty(a => a.ClaimedUntil, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>Gives an archive this node was building back to the queue (the node is stopping).</summary>
    private async Task ReleaseAsync(Guid id)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            await db.Set<Archive>().Where(a => a.Id == id && a.ClaimedBy == Node).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, ArchiveStatuses.Queued)
                .SetProperty(a => a.Progress, 0)
                .SetProperty(a => a.ClaimedBy, (string?)null)
                .SetProperty(a => a.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning("Could not give archive {Id} back while stopping ({Type}); its claim lapses.", id, e.GetType().Name);
        }
    }

    /// <summary>Now, to the microsecond that both databases keep.</summary>
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
