using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChildForum.WorkingGroups.Endpoints;

/// <summary>The contract's "Organisations and working groups" routes. Every <c>{group}</c> segment takes an id or a slug.</summary>
public static class GroupEndpoints
{
    public static void MapGroupEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/groups").WithTags("Working groups");

        api.MapGet("", async (ClaimsPrincipal user, IGroupAccessResolver resolver, WorkingGroupService groups, CancellationToken ct) =>
                TypedResults.Ok(await groups.ToDtosAsync(await resolver.GetReadableAsync(user, ct), ct)))
            .WithName("ListGroups")
            .WithDescription("The groups the caller may read: public groups, the caller's own groups, and every group for administrators.");

        api.MapGet("/{group}", async (string group, ClaimsPrincipal user, GroupAuthorizer authorizer, WorkingGroupService groups, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Read, ct);
                return auth.Allowed ? TypedResults.Ok((await groups.ToDtosAsync([auth.Access!], ct))[0]) : auth.Denial!;
            })
            .WithName("GetGroup")
            .Produces<GroupDto>();

        api.MapPost("", async (CreateGroupRequest request, WorkingGroupService groups, CancellationToken ct) =>
                (await groups.CreateGroupAsync(request, ct)) is var outcome && outcome.Succeeded
                    ? outcome.ToHttpResult($"/api/v1/groups/{outcome.Value!.Slug}")
                    : outcome.ToHttpResult())
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("CreateGroup")
            .Produces<GroupDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPatch("/{group}", async (string group, UpdateGroupRequest request, ClaimsPrincipal user, GroupAuthorizer authorizer, WorkingGroupService groups, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Facilitate, ct);
                if (!auth.Allowed)
                {
                    return auth.Denial!;
                }
                var outcome = await groups.UpdateGroupAsync(auth.Access!, request, ct);
                return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToHttpResult();
            })
            .RequireAuthorization()
            .WithName("UpdateGroup")
            .WithDescription("Facilitators change name and description; administrators also visibility.");

        api.MapGet("/{group}/members", async (string group, ClaimsPrincipal user, GroupAuthorizer authorizer, WorkingGroupService groups, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Read, ct);
                return auth.Allowed ? TypedResults.Ok(await groups.ListMembersAsync(auth.Access!, ct)) : auth.Denial!;
            })
            .WithName("ListMembers")
            .WithDescription("Members with their organisation and role. E-mail addresses are shown to facilitators and administrators only.")
            .Produces<IReadOnlyList<MemberDto>>();

        api.MapPost("/{group}/members", async (string group, AddMemberRequest request, HttpContext http, GroupAuthorizer authorizer, WorkingGroupService groups, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(http.User, group, GroupPermissions.Facilitate, ct);
                if (!auth.Allowed)
                {
                    return auth.Denial!;
                }
                var outcome = await groups.AddMemberAsync(auth.Access!, request, ct);
                if (!outcome.Succeeded)
                {
                    return outcome.ToHttpResult();
                }
                var (member, invitationPath) = outcome.Value;
                var invitationUrl = invitationPath is null ? null : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{invitationPath}";
                return TypedResults.Created($"/api/v1/groups/{auth.Access!.GroupId}/members/{member.UserId}", AddedMemberDto.From(member, invitationUrl));
            })
            .RequireAuthorization()
            .WithName("AddMember")
            .WithDescription("Adds a person by e-mail. A person without an account gets one: send displayName and organisationId too, and pass the returned invitationUrl on to them.")
            .Produces<AddedMemberDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPatch("/{group}/members/{userId}", async (string group, string userId, ChangeRoleRequest request, ClaimsPrincipal user, GroupAuthorizer authorizer, WorkingGroupService groups, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Facilitate, ct);
                if (!auth.Allowed)
                {
                    return auth.Denial!;
                }
                var outcome = await groups.ChangeRoleAsync(auth.Access!, userId, request.Role, ct);
                return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToHttpResult();
            })
            .RequireAuthorization()
            .WithName("ChangeMemberRole")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/{group}/members/{userId}", async (string group, string userId, ClaimsPrincipal user, GroupAuthorizer authorizer, WorkingGroupService groups, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Facilitate, ct);
                if (!auth.Allowed)
                {
                    return auth.Denial!;
                }
                var outcome = await groups.RemoveMemberAsync(auth.Access!, userId, ct);
                return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToHttpResult();
            })
            .RequireAuthorization()
            .WithName("RemoveMember")
            .WithDescription("The removed person loses access at once: every request checks membership in the database.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
