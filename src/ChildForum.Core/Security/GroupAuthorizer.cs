using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace ChildForum.Core.Security;

public sealed record GroupAuthorization(GroupAccess? Access, IResult? Denial)
{
    public bool Allowed => Denial is null;
}

/// <summary>Obsolete shape of <see cref="AccessRule"/> kept while modules move to it; it asks the rule and nothing else.</summary>
public sealed class GroupAuthorizer(AccessRule rule)
{
    public async Task<GroupAuthorization> AuthorizeAsync(ClaimsPrincipal user, string idOrSlug, GroupPermission permission, CancellationToken cancellationToken = default) =>
        From(await rule.CheckAsync(user, idOrSlug, permission, cancellationToken));

    public async Task<GroupAuthorization> AuthorizeAsync(ClaimsPrincipal user, int groupId, GroupPermission permission, CancellationToken cancellationToken = default) =>
        From(await rule.CheckAsync(user, groupId, permission, cancellationToken));

    public Task<GroupAuthorization> DecideAsync(ClaimsPrincipal user, GroupAccess? access, GroupPermission permission) =>
        Task.FromResult(From(rule.Check(user, access, permission)));

    private static GroupAuthorization From(AccessDecision decision) =>
        new(decision.Access, decision.Allowed ? null : decision.ToProblem());
}
