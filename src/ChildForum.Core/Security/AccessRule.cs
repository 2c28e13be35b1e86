using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Security;

public enum AccessRefusal
{
    None,
    /// <summary>The caller may not read the group (or the thing does not exist): 404, its existence not revealed.</summary>
    NotFound,
    /// <summary>Readable, but the permission needs a signed-in person: 401.</summary>
    SignInRequired,
    /// <summary>Readable, but the caller's role does not allow it: 403.</summary>
    Forbidden,
}

/// <summary>The answer of <see cref="AccessRule"/>: the caller's access to the group when it may read it, and the refusal,
/// already worded in the caller's language, when the permission is not given.</summary>
public sealed record AccessDecision(GroupAccess? Access, AccessRefusal Refusal, string? Reason)
{
    public bool Allowed => Refusal == AccessRefusal.None;

    /// <summary>The caller's access to the group, for a group decision that was allowed.</summary>
    public GroupAccess Group => Access ?? throw new InvalidOperationException("This decision holds no group access (refused, or a site decision).");

    /// <summary>The refusal as problem details (404, 401 or 403).</summary>
    public ProblemHttpResult ToProblem() => Refusal switch
    {
        AccessRefusal.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: Reason),
        AccessRefusal.SignInRequired => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: Reason),
        AccessRefusal.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: Reason),
        _ => throw new InvalidOperationException("Access was given: there is no refusal to answer."),
    };

    /// <summary>The refusal as a service outcome, for services that the API, the hub and the pages share.</summary>
    public Outcome<T> ToOutcome<T>() => Refusal switch
    {
        AccessRefusal.NotFound => Outcome<T>.NotFoundWorded(Reason!),
        AccessRefusal.SignInRequired => Outcome<T>.Unauthorized(Reason!),
        AccessRefusal.Forbidden => Outcome<T>.Forbidden(Reason!),
        _ => throw new InvalidOperationException("Access was given: there is no refusal to pass on."),
    };
}

/// <summary>The one rule that decides whether a person may do something to a working group or to a thing in it.
/// Every endpoint, page handler, hub method, feed and search query asks it, and only it: modules do not read roles,
/// visibility or the administrator flag themselves (an architecture test holds this). Group state is read from the
/// database on every call, so a removal takes effect at once. A group the caller may not read answers as if it did not
/// exist; refusals are worded here, once, in the caller's language.</summary>
public sealed class AccessRule(IGroupAccessResolver resolver, IStringLocalizer<CoreResource> t)
{
    /// <summary>May <paramref name="user"/> do <paramref name="permission"/> in the group with this id?</summary>
    public async Task<AccessDecision> CheckAsync(ClaimsPrincipal user, int groupId, GroupPermission permission, CancellationToken cancellationToken = default) =>
        Check(user, await resolver.GetAsync(groupId, user, cancellationToken), permission);

    /// <summary>The same for a thing of the group (a meeting, an action …): an unreadable thing reads like a missing one.</summary>
    public async Task<AccessDecision> CheckAsync(ClaimsPrincipal user, int groupId, GroupPermission permission, string what, CancellationToken cancellationToken = default) =>
        Check(user, await resolver.GetAsync(groupId, user, cancellationToken), permission, what);

    /// <summary>The same for a route segment that is a group's id or slug.</summary>
    public async Task<AccessDecision> CheckAsync(ClaimsPrincipal user, string idOrSlug, GroupPermission permission, CancellationToken cancellationToken = default) =>
        Check(user, await resolver.GetByIdOrSlugAsync(idOrSlug, user, cancellationToken), permission);

    /// <summary>The decision for a group already looked up (null: unknown). <paramref name="what"/> names the thing the caller
    /// asked for in the 404 ("thread", "meeting" …), so that an unreadable thing reads exactly like a missing one.</summary>
    public AccessDecision Check(ClaimsPrincipal user, GroupAccess? access, GroupPermission permission, string what = "group")
    {
        if (access is null || !access.Allows(GroupPermissions.Read))
        {
            return new(null, AccessRefusal.NotFound, NotFoundSentence(what));
        }
        if (access.Allows(permission))
        {
            return new(access, AccessRefusal.None, null);
        }
        return user.Identity?.IsAuthenticated == true
            ? new(access, AccessRefusal.Forbidden, ForbiddenSentence(permission))
            : new(access, AccessRefusal.SignInRequired, t[SignInSentence]);
    }

    /// <summary>Whether an access already decided also carries another permission, for what a page or answer shows
    /// (hidden messages to facilitators, edit links to members). Never a substitute for <see cref="CheckAsync(ClaimsPrincipal, int, GroupPermission, CancellationToken)"/> on a change.</summary>
    public static bool Allows(GroupAccess access, GroupPermission permission) => access.Allows(permission);

    /// <summary>The groups the caller may read (lists, search, feeds).</summary>
    public Task<IReadOnlyList<GroupAccess>> ReadableGroupsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        resolver.GetReadableAsync(user, cancellationToken);

    /// <summary>Site administration (users, organisations, groups, search index, audit log).</summary>
    public AccessDecision CheckSite(ClaimsPrincipal user) =>
        user.IsAdministrator() ? new(null, AccessRefusal.None, null)
        : user.Identity?.IsAuthenticated == true ? new(null, AccessRefusal.Forbidden, t["Only administrators may do this."])
        : new(null, AccessRefusal.SignInRequired, t[SignInSentence]);

    public const string SignInSentence = "Sign in first: send a bearer token from POST /api/v1/auth/login, or sign in on the site.";

    /// <summary>"There is no {thing} here, or you may not see it."</summary>
    public string NotFoundSentence(string what) => t["There is no {0} here, or you may not see it.", Thing(what)];

    /// <summary>The name of a kind of thing in the reader's language. Its key is prefixed (<c>thing:group</c>), because the
    /// resource compiler keeps one of two keys that differ only in case, and a page's "Group" label would hide it.</summary>
    private string Thing(string what) => t["thing:" + what] is { ResourceNotFound: false } named ? named.Value : what;

    private string ForbiddenSentence(GroupPermission permission) =>
        permission == GroupPermissions.Contribute ? t["Only members and facilitators of this group may do this; observers read."]
        : permission == GroupPermissions.Facilitate ? t["Only the group's facilitators and administrators may do this."]
        : t["Only administrators may do this."];
}
