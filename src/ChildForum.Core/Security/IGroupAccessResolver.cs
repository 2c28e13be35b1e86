using System.Security.Claims;

namespace ChildForum.Core.Security;

/// <summary>Looks up a group and the caller's role in it, straight from the database on every call,
/// so that a removed member loses access at once. Implemented by the working-groups module and asked only by
/// <see cref="AccessRule"/> (and the core's own listeners): modules ask the rule.</summary>
public interface IGroupAccessResolver
{
    Task<GroupAccess?> GetAsync(int groupId, ClaimsPrincipal user, CancellationToken cancellationToken = default);
    Task<GroupAccess?> GetBySlugAsync(string slug, ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>A route segment that is either a numeric id or a slug.</summary>
    Task<GroupAccess?> GetByIdOrSlugAsync(string idOrSlug, ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>The groups the user may read, for filtering lists and search.</summary>
    Task<IReadOnlyList<GroupAccess>> GetReadableAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

/// <summary>Who is in a group, for mentions, recipients and owners: not an access decision (ask <see cref="AccessRule"/>
/// for that). Implemented by the working-groups module.</summary>
public interface IGroupMembers
{
    /// <summary>The people in a group (any role), e.g. to find who an @mention names.</summary>
    Task<IReadOnlyList<GroupMemberInfo>> GetMembersAsync(int groupId, CancellationToken cancellationToken = default);
}

public sealed record GroupMemberInfo(string UserId, string DisplayName, GroupRole Role);
