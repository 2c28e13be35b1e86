using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ChildForum.Core.Http;

namespace ChildForum.WorkingGroups.Endpoints;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/organisations").WithTags("Organisations");

        api.MapGet("", ListOrganisationsAsync)
            .WithName("ListOrganisations");

        api.MapPost("", CreateOrganisationAsync)
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("CreateOrganisation")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id:int}", UpdateOrganisationAsync)
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("UpdateOrganisation")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<IReadOnlyList<OrganisationDto>>> ListOrganisationsAsync(OrganisationService organisations, CancellationToken ct) =>
        TypedResults.Ok(await organisations.ListAsync(ct));

    public static async Task<Results<Created<OrganisationDto>, ValidationProblem, ProblemHttpResult>> CreateOrganisationAsync(
        OrganisationRequest request, OrganisationService organisations, CancellationToken ct)
    {
        var outcome = await organisations.CreateAsync(request, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/organisations/{outcome.Value!.Id}", outcome.Value)
            : GroupEndpoints.Invalid(outcome) is { } invalid ? invalid : GroupEndpoints.Refused(outcome);
    }

    public static async Task<Results<Ok<OrganisationDto>, ValidationProblem, ProblemHttpResult>> UpdateOrganisationAsync(
        int id, OrganisationRequest request, OrganisationService organisations, CancellationToken ct)
    {
        var outcome = await organisations.UpdateAsync(id, request, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!)
            : GroupEndpoints.Invalid(outcome) is { } invalid ? invalid : GroupEndpoints.Refused(outcome);
    }
}
