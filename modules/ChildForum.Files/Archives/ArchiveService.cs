using ChildForum.Core.Localization;
using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.Files.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Archives;

/// <summary>The answer to <c>POST /api/v1/groups/{groupId}/archive</c>.</summary>
public sealed record ArchiveRequestedDto(Guid Id, string Status);

/// <summary>An archive's state: <c>queued</c>, <c>running</c>, <c>done</c> or <c>failed</c>, and its progress (0–100).</summary>
public sealed record ArchiveDto(Guid Id, string Status, int Progress);

/// <summary>An archive together with the group access of the facilitator asking about it.</summary>
public sealed record ArchiveAccess(Archive Archive, GroupAccess Group);

/// <summary>Asks for archives and finds them. Only the group's facilitators (administrators included) may ask for,
/// follow or download an archive, checked through the <see cref="AccessRule"/> on every call; to anyone else an archive
/// and its group answer like missing ones (404, naming neither).</summary>
public sealed class ArchiveService(ForumDbContext db, AccessRule rule, IAuditLog audit, ArchiveSignal signal, IFileStore store, TimeProvider clock)
{
    public const string What = "archive";

    /// <summary>The caller's facilitation of the group; every refusal is the 404 of a missing archive.</summary>
    public async Task<AccessDecision> CheckGroupAsync(ClaimsPrincipal user, string groupId, CancellationToken cancellationToken) =>
        NotFoundUnlessAllowed(await rule.CheckAsync(user, groupId, GroupPermissions.Facilitate, cancellationToken), "group");

    public async Task<(AccessDecision Decision, ArchiveAccess? Access)> CheckAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var archive = await db.Set<Archive>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        var decision = archive is null
            ? rule.Check(user, null, GroupPermissions.Facilitate, What)
            : NotFoundUnlessAllowed(await rule.CheckAsync(user, archive.GroupId, GroupPermissions.Facilitate, What, cancellationToken), What);
        return (decision, decision.Allowed ? new ArchiveAccess(archive!, decision.Group) : null);
    }

    public async Task<ArchiveRequestedDto> RequestAsync(GroupAccess group, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var archive = new Archive
        {
            Id = Guid.CreateVersion7(),
            GroupId = group.GroupId,
            RequestedById = user.GetUserId()!,
            Status = ArchiveStatuses.Queued,
            CreatedAt = now.AddTicks(-(now.Ticks % 10)),
        };
        db.Add(archive);
        audit.Record("archive.request", Notice.T["Asked for archive {0} of the group", archive.Id], group.GroupId, What, archive.Id.ToString("D", CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return new ArchiveRequestedDto(archive.Id, archive.Status);
    }

    /// <summary>The finished ZIP, for download (audited: the group's record left the site).</summary>
    public async Task<Stream> OpenAsync(ArchiveAccess access, CancellationToken cancellationToken)
    {
        audit.Record("archive.download", Notice.T["Downloaded archive {0}", access.Archive.Id], access.Group.GroupId, What, access.Archive.Id.ToString("D", CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken);
        return await store.OpenReadAsync(access.Archive.Sha256!, cancellationToken);
    }

    /// <summary>The group's most recent archives, newest first: what the archive page lists.</summary>
    public async Task<IReadOnlyList<Archive>> RecentAsync(GroupAccess group, int count, CancellationToken cancellationToken) =>
        await db.Set<Archive>().AsNoTracking().Where(a => a.GroupId == group.GroupId)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(count).ToListAsync(cancellationToken);

    public static ArchiveDto ToDto(Archive archive) => new(archive.Id, archive.Status, archive.Progress);

    /// <summary>A member who may read the group but not facilitate it learns nothing either: 404, as for a stranger.</summary>
    private AccessDecision NotFoundUnlessAllowed(AccessDecision decision, string what) =>
        decision.Allowed || decision.Refusal == AccessRefusal.NotFound ? decision : rule.Check(new ClaimsPrincipal(), null, GroupPermissions.Facilitate, what);
}
