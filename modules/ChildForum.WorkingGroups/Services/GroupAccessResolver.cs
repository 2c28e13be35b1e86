using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Services;

public sealed class GroupAccessResolver(ForumDbContext db, GroupAccessCache cache) : IGroupAccessResolver, IGroupMembers
{
    private readonly ForumDbContext _db = db;

    public async Task<GroupAccess?> GetAsync(int groupId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.GetUserId();
        return ToAccess(await cache.ByIdAsync(groupId, userId, () => ById.For(_db)(_db, groupId, userId, cancellationToken)), user);
    }

    public async Task<GroupAccess?> GetBySlugAsync(string slug, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var normalised = slug.Trim().ToLowerInvariant();
        if (normalised.Length > WorkingGroup.SlugMaxLength)
        {
            // No group has it; nor is it kept, so long made-up slugs cannot fill the cache.
            return null;
        }
        var userId = user.GetUserId();
        return ToAccess(await cache.BySlugAsync(normalised, userId, () => BySlug.For(_db)(_db, normalised, userId, cancellationToken)), user);
    }

    /// <summary>A route segment that is either a numeric id or a slug.</summary>
    public Task<GroupAccess?> GetByIdOrSlugAsync(string idOrSlug, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        int.TryParse(idOrSlug, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? GetAsync(id, user, cancellationToken)
            : idOrSlug.Length > WorkingGroup.SlugMaxLength ? Task.FromResult<GroupAccess?>(null) : GetBySlugAsync(idOrSlug, user, cancellationToken);

    public async Task<IReadOnlyList<GroupAccess>> GetReadableAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.GetUserId();
        var isAdministrator = user.IsAdministrator();
        var rows = await _db.Set<WorkingGroup>()
            .Where(g => isAdministrator || g.Visibility == GroupVisibility.Public || g.Members.Any(m => m.UserId == userId))
            .OrderBy(g => g.Name)
            .Select(g => new { g.Id, g.Slug, g.Name, g.Visibility, Role = g.Members.Where(m => m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new GroupAccess(r.Id, r.Slug, r.Name, r.Visibility, r.Role, isAdministrator)).ToList();
    }

    public async Task<IReadOnlyList<GroupMemberInfo>> GetMembersAsync(int groupId, CancellationToken cancellationToken = default) =>
        await (from m in _db.Set<Membership>()
               join u in _db.Users on m.UserId equals u.Id
               where m.GroupId == groupId
               select new GroupMemberInfo(m.UserId, u.DisplayName, m.Role)).ToListAsync(cancellationToken);

    // Every group page, API call and hub join asks one of these two (when GroupAccessCache has no answer), so they are
    // compiled queries (one per model): EF Core skips building the query's cache key and extracting its parameters.

    private static readonly PerModel<Func<ForumDbContext, int, string?, CancellationToken, Task<AccessRow?>>> ById = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int groupId, string? userId, CancellationToken cancellationToken) => db.Set<WorkingGroup>().Where(g => g.Id == groupId)
            .Select(g => new AccessRow(g.Id, g.Slug, g.Name, g.Visibility, g.Members.Where(m => m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefault()))
            .FirstOrDefault()));

    private static readonly PerModel<Func<ForumDbContext, string, string?, CancellationToken, Task<AccessRow?>>> BySlug = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, string slug, string? userId, CancellationToken cancellationToken) => db.Set<WorkingGroup>().Where(g => g.Slug == slug)
            .Select(g => new AccessRow(g.Id, g.Slug, g.Name, g.Visibility, g.Members.Where(m => m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefault()))
            .FirstOrDefault()));

    private static GroupAccess? ToAccess(AccessRow? row, ClaimsPrincipal user) =>
        row is null ? null : new GroupAccess(row.Id, row.Slug, row.Name, row.Visibility, row.Role, user.IsAdministrator());
}
