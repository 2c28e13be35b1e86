using ChildForum.Files.Archives;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Files.Tests.Archives;

/// <summary>A SQLite site whose own archive builder looks for work only once a day, so that a test decides which
/// builders run.</summary>
public sealed class IdleArchiveBuilderFixture() : SqliteSiteFixture(realServer: false, new Dictionary<string, string?> { ["Files:Archives:PollInterval"] = "1.00:00:00" })
{
    public const string Collection = "SQLite site, archive builder idle";
}

[CollectionDefinition(IdleArchiveBuilderFixture.Collection)]
public sealed class IdleArchiveBuilderCollection : ICollectionFixture<IdleArchiveBuilderFixture>;

/// <summary>Two nodes' builders that find the same queued archive at the same moment: one builds it, the other leaves
/// it; and an archive whose requester no longer facilitates the group fails without being built.</summary>
[Collection(IdleArchiveBuilderFixture.Collection)]
public sealed class ArchiveWorkerTests(IdleArchiveBuilderFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Two_builders_build_a_queued_archive_once()
    {
        var group = await App.NewGroupAsync();
        var id = await QueueAsync(group.Id, await App.UserIdAsync(DemoUsers.Facilitator));
        var first = ActivatorUtilities.CreateInstance<ArchiveBuilder>(App.Services);
        var second = ActivatorUtilities.CreateInstance<ArchiveBuilder>(App.Services);

        var claims = await Task.WhenAll(first.TryClaimAsync(id, CancellationToken.None), second.TryClaimAsync(id, CancellationToken.None));
        var archive = await App.QueryDatabaseAsync(db => db.Set<Archive>().AsNoTracking().SingleAsync(a => a.Id == id));

        Assert.Single(claims, claimed => claimed);
        Assert.Equal(ArchiveStatuses.Running, archive.Status);
        Assert.Equal(claims[0] ? first.Node : second.Node, archive.ClaimedBy);
    }

    [SkippableFact]
    public async Task A_builder_builds_the_oldest_queued_archive_and_another_finds_nothing_left()
    {
        var group = await App.NewGroupAsync();
        var id = await QueueAsync(group.Id, await App.UserIdAsync(DemoUsers.Facilitator));
        var first = ActivatorUtilities.CreateInstance<ArchiveBuilder>(App.Services);
        var second = ActivatorUtilities.CreateInstance<ArchiveBuilder>(App.Services);

        var built = await first.BuildNextAsync(CancellationToken.None);
        var nothing = await second.BuildNextAsync(CancellationToken.None);
        var archive = await App.QueryDatabaseAsync(db => db.Set<Archive>().AsNoTracking().SingleAsync(a => a.Id == id));

        Assert.Equal<(Guid, bool)?>((id, true), built);
        Assert.Null(nothing);
        Assert.Equal((ArchiveStatuses.Done, 100, null), (archive.Status, archive.Progress, archive.ClaimedBy));
        Assert.NotNull(archive.Sha256);
    }

    [SkippableFact]
    public async Task An_archive_whose_requester_no_longer_facilitates_fails_unbuilt()
    {
        var group = await App.NewGroupAsync();
        var id = await QueueAsync(group.Id, await App.UserIdAsync(DemoUsers.Cso));
        var builder = ActivatorUtilities.CreateInstance<ArchiveBuilder>(App.Services);

        await builder.BuildNextAsync(CancellationToken.None);
        var archive = await App.QueryDatabaseAsync(db => db.Set<Archive>().AsNoTracking().SingleAsync(a => a.Id == id));

        Assert.Equal((ArchiveStatuses.Failed, null, ArchiveBuilder.NoLongerFacilitator), (archive.Status, archive.Sha256, archive.Error));
    }

    /// <summary>A queued archive written straight to the database: no builder of the site is woken.</summary>
    private async Task<Guid> QueueAsync(int groupId, string requestedById)
    {
        var archive = new Archive { Id = Guid.CreateVersion7(), GroupId = groupId, RequestedById = requestedById, Status = ArchiveStatuses.Queued, CreatedAt = DateTime.UtcNow };
        await App.QueryDatabaseAsync(async db =>
        {
            db.Add(archive);
            return await db.SaveChangesAsync();
        });
        return archive.Id;
    }
}
