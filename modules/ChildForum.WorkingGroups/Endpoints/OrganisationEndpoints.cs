using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChildForum.WorkingGroups.Endpoints;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/organisations").WithTags("Organisations");

        api.MapGet("", async (OrganisationService organisations, CancellationToken ct) => TypedResults.Ok(await organisations.ListAsync(ct)))
            .WithName("ListOrganisations");

        api.MapPost("", async (OrganisationRequest request, OrganisationService organisations, CancellationToken ct) =>
                (await organisations.CreateAsync(request, ct)) is var outcome && outcome.Succeeded
                    ? outcome.ToHttpResult($"/api/v1/organisations/{outcome.Value!.Id}")
                    : outcome.ToHttpResult())
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("CreateOrganisation")
            .Produces<OrganisationDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id:int}", async (int id, OrganisationRequest request, OrganisationService organisations, CancellationToken ct) =>
                (await organisations.UpdateAsync(id, request, ct)).ToHttpResult())
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("UpdateOrganisation")
            .Produces<OrganisationDto>()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
