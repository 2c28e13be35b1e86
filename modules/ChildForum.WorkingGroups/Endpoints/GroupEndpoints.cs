using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ChildForum.WorkingGroups.Endpoints;

/// <summary>The contract's "Organisations and working groups" routes. Every <c>{group}</c> segment takes an id or a slug.
/// Each route asks <see cref="AccessRule"/> first; its refusals (404, 401, 403) are the answer as they are.</summary>
public static class GroupEndpoints
{
    public static void MapGroupEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/groups").WithTags("Working groups");

        api.MapGet("", ListGroupsAsync)
            .WithName("ListGroups")
            .WithDescription("The groups the caller may read: public groups, the caller's own groups, and every group for administrators.");

        api.MapGet("/{group}", GetGroupAsync)
            .WithName("GetGroup");

        api.MapPost("", CreateGroupAsync)
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("CreateGroup")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPatch("/{group}", UpdateGroupAsync)
            .RequireAuthorization()
            .WithName("UpdateGroup")
            .WithDescription("Facilitators change name and description; administrators also visibility.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{group}/members", ListMembersAsync)
            .WithName("ListMembers")
            .WithDescription("Members with their organisation and role. E-mail addresses are shown to facilitators and administrators only.");

        api.MapPost("/{group}/members", AddMemberAsync)
            .RequireAuthorization()
            .WithName("AddMember")
            .WithDescription("Adds a person by e-mail. A person without an account gets one: send displayName and organisationId too, and pass the returned invitationUrl on to them.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPatch("/{group}/members/{userId}", ChangeRoleAsync)
            .RequireAuthorization()
            .WithName("ChangeMemberRole")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/{group}/members/{userId}", RemoveMemberAsync)
            .RequireAuthorization()
            .WithName("RemoveMember")
            .WithDescription("The removed person loses access at once: every request checks membership in the database, and live connections are told.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<IReadOnlyList<GroupDto>>> ListGroupsAsync(ClaimsPrincipal user, AccessRule access, WorkingGroupService groups, CancellationToken ct) =>
        TypedResults.Ok(await groups.ToDtosAsync(await access.ReadableGroupsAsync(user, ct), ct));

    public static async Task<Results<Ok<GroupDto>, ProblemHttpResult>> GetGroupAsync(
        string group, ClaimsPrincipal user, AccessRule access, WorkingGroupService groups, CancellationToken ct)
    {
        var decision = await access.CheckAsync(user, group, GroupPermissions.Read, ct);
        return decision.Allowed ? TypedResults.Ok((await groups.ToDtosAsync([decision.Group], ct))[0]) : decision.ToProblem();
    }

    public static async Task<Results<Created<GroupDto>, ValidationProblem, ProblemHttpResult>> CreateGroupAsync(
        CreateGroupRequest request, WorkingGroupService groups, CancellationToken ct)
    {
        var outcome = await groups.CreateGroupAsync(request, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/groups/{outcome.Value!.Slug}", outcome.Value) : Invalid(outcome) is { } invalid ? invalid : Refused(outcome);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateGroupAsync(
        string group, UpdateGroupRequest request, ClaimsPrincipal user, AccessRule access, WorkingGroupService groups, CancellationToken ct)
    {
        var decision = await access.CheckAsync(user, group, GroupPermissions.Facilitate, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await groups.UpdateGroupAsync(decision.Group, request, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : Invalid(outcome) is { } invalid ? invalid : Refused(outcome);
    }

    public static async Task<Results<Ok<IReadOnlyList<MemberDto>>, ProblemHttpResult>> ListMembersAsync(
        string group, ClaimsPrincipal user, AccessRule access, WorkingGroupService groups, CancellationToken ct)
    {
        var decision = await access.CheckAsync(user, group, GroupPermissions.Read, ct);
        return decision.Allowed ? TypedResults.Ok(await groups.ListMembersAsync(decision.Group, ct)) : decision.ToProblem();
    }

    public static async Task<Results<Created<AddedMemberDto>, ValidationProblem, ProblemHttpResult>> AddMemberAsync(
        string group, AddMemberRequest request, HttpContext http, AccessRule access, WorkingGroupService groups, CancellationToken ct)
    {
        var decision = await access.CheckAsync(http.User, group, GroupPermissions.Facilitate, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await groups.AddMemberAsync(decision.Group, request, ct);
        if (!outcome.Succeeded)
        {
            return Invalid(outcome) is { } invalid ? invalid : Refused(outcome);
        }
        var (member, invitationPath) = outcome.Value;
        var invitationUrl = invitationPath is null ? null : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{invitationPath}";
        return TypedResults.Created($"/api/v1/groups/{decision.Group.GroupId}/members/{member.UserId}", AddedMemberDto.From(member, invitationUrl));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeRoleAsync(
        string group, string userId, ChangeRoleRequest request, ClaimsPrincipal user, AccessRule access, WorkingGroupService groups, CancellationToken ct)
    {
        var decision = await access.CheckAsync(user, group, GroupPermissions.Facilitate, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await groups.ChangeRoleAsync(decision.Group, userId, request.Role, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : Invalid(outcome) is { } invalid ? invalid : Refused(outcome);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveMemberAsync(
        string group, string userId, ClaimsPrincipal user, AccessRule access, WorkingGroupService groups, CancellationToken ct)
    {
        var decision = await access.CheckAsync(user, group, GroupPermissions.Facilitate, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await groups.RemoveMemberAsync(decision.Group, userId, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : Invalid(outcome) is { } invalid ? invalid : Refused(outcome);
    }

    /// <summary>A failed outcome's answer when it is a 400 with errors per field; <see cref="Refused"/> otherwise.</summary>
    internal static ValidationProblem? Invalid<T>(Outcome<T> outcome) => outcome.ToHttpResult() as ValidationProblem;

    /// <summary>A failed outcome's 403, 404 or 409.</summary>
    internal static ProblemHttpResult Refused<T>(Outcome<T> outcome) => (ProblemHttpResult)outcome.ToHttpResult();
}
