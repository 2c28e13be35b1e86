using System.Security.Claims;
using ChildForum.Core.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace ChildForum.Core.Security;

public sealed record GroupAuthorization(GroupAccess? Access, IResult? Denial)
{
    public bool Allowed => Denial is null;
}

/// <summary>The check at the top of every group-scoped endpoint: a group the caller may not read is
/// 404 (its existence is not revealed); a readable group with a missing permission is 401 or 403.</summary>
public sealed class GroupAuthorizer(IGroupAccessResolver resolver, IAuthorizationService authorization)
{
    private readonly IGroupAccessResolver _resolver = resolver;
    private readonly IAuthorizationService _authorization = authorization;

    public async Task<GroupAuthorization> AuthorizeAsync(ClaimsPrincipal user, string idOrSlug, GroupPermission permission, CancellationToken cancellationToken = default) =>
        await DecideAsync(user, await _resolver.GetByIdOrSlugAsync(idOrSlug, user, cancellationToken), permission);

    public async Task<GroupAuthorization> AuthorizeAsync(ClaimsPrincipal user, int groupId, GroupPermission permission, CancellationToken cancellationToken = default) =>
        await DecideAsync(user, await _resolver.GetAsync(groupId, user, cancellationToken), permission);

    public async Task<GroupAuthorization> DecideAsync(ClaimsPrincipal user, GroupAccess? access, GroupPermission permission)
    {
        if (access is null || !(await _authorization.AuthorizeAsync(user, access, GroupPermissions.Read)).Succeeded)
        {
            return new(null, ApiProblems.NotFound("group"));
        }
        if (!(await _authorization.AuthorizeAsync(user, access, permission)).Succeeded)
        {
            return new(access, user.Identity?.IsAuthenticated == true
                ? ApiProblems.Forbidden(ForbiddenDetail(permission))
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Sign in first: send a bearer token from POST /api/v1/auth/login."));
        }
        return new(access, null);
    }

    private static string ForbiddenDetail(GroupPermission permission) =>
        permission == GroupPermissions.Contribute ? "Only members and facilitators of this group may do this; observers read."
        : permission == GroupPermissions.Facilitate ? "Only the group's facilitators and administrators may do this."
        : "Only administrators may do this.";
}
