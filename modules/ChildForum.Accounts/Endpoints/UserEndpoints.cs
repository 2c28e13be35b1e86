using System.Security.Claims;
using ChildForum.Accounts.Services;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ChildForum.Accounts.Endpoints;

public sealed record UserDto(string Id, string Email, string DisplayName, int OrganisationId, bool Administrator, bool Locked)
{
    public static UserDto From(UserRow row) => new(row.Id, row.Email, row.DisplayName, row.OrganisationId, row.IsAdministrator, row.IsLockedOut);
}

public sealed record UpdateUserRequest(bool? Locked, bool? Administrator);

/// <summary>The contract's "Administration" routes (administrators only).</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/users").WithTags("Administration");

        api.MapGet("", ListUsersAsync)
            .WithName("ListUsers")
            .WithDescription("People whose e-mail address or name contains q (all when q is empty), at most 500.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPatch("/{id}", UpdateUserAsync)
            .WithName("UpdateUser")
            .WithDescription("Locks or unlocks an account and grants or takes away the administrator role. Locking and taking the role away end the person's sessions at once on every node. Leaving the site without an administrator who can sign in is refused (409).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Results<Ok<IReadOnlyList<UserDto>>, ValidationProblem, ProblemHttpResult>> ListUsersAsync(
        string? q, ClaimsPrincipal user, AccessRule access, UserAdministration administration, CancellationToken cancellationToken)
    {
        if (access.CheckSite(user) is { Allowed: false } refusal)
        {
            return refusal.ToProblem();
        }
        if (q?.Length > UserAdministration.SearchMaxLength)
        {
            return ApiProblems.Invalid("q", $"This may be at most {UserAdministration.SearchMaxLength} characters long; it has {q.Length}.");
        }
        var rows = await administration.ListAsync(q, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<UserDto>>(rows.Select(UserDto.From).ToList());
    }

    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> UpdateUserAsync(
        string id, UpdateUserRequest? request, ClaimsPrincipal user, AccessRule access, UserAdministration administration, CancellationToken cancellationToken)
    {
        if (access.CheckSite(user) is { Allowed: false } refusal)
        {
            return refusal.ToProblem();
        }
        if (request is null || (request.Locked is null && request.Administrator is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["locked"] = ["Send locked, administrator or both (true or false)."],
                ["administrator"] = ["Send locked, administrator or both (true or false)."],
            });
        }
        var outcome = await administration.UpdateAsync(id, request.Locked, request.Administrator, cancellationToken);
        return outcome.Status switch
        {
            OutcomeStatus.Ok => TypedResults.Ok(UserDto.From(outcome.Value!)),
            OutcomeStatus.NotFound => ApiProblems.NotFound("user with this id"),
            _ => ApiProblems.Conflict(outcome.Describe()),
        };
    }
}
