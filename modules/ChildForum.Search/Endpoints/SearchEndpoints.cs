using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Search.Indexing;
using ChildForum.Search.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Search.Endpoints;

public sealed record RebuildStatusDto(bool Running, long Total, long Remaining, double Done, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>The contract's Search route, plus the administrators' rebuild (docs/api-extensions.md).</summary>
public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var search = endpoints.MapApi("/search").WithTags("Search");

        search.MapGet("", async (string? q, string? type, string? group, string? stakeholder, string? from, string? to, string? lang, string? sort, string? page, string? pageSize,
                ClaimsPrincipal user, SearchService service, IStringLocalizer<SearchResource> t, CancellationToken ct) =>
                (await service.SearchAsync(user, new SearchParameters(q, type, group, stakeholder, from, to, lang, sort, page, pageSize), ct)).ToHttpResult(localizer: t))
            .WithName("Search")
            .WithDescription("Words (all required), \"phrases\", -excluded, OR, prefix*. Only content the caller may read is counted, faceted or shown. from/to are dates (yyyy-MM-dd); page 1–500; pageSize 1–100.")
            .Produces<SearchResponseDto>();

        search.MapPost("/rebuild", async (IServiceProvider services, ISearchBackend backend, RebuildProgress progress, ForumDbContext db, CancellationToken ct) =>
            {
                await progress.StartAsync(services, backend, ct);
                return TypedResults.Accepted("/api/v1/search/rebuild", await StatusAsync(progress, db, ct));
            })
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("RebuildSearchIndex")
            .WithDescription("Administrators: empties the index and indexes everything again from the database; follow the progress at GET /api/v1/search/rebuild.")
            .Produces<RebuildStatusDto>(StatusCodes.Status202Accepted);

        search.MapGet("/rebuild", async (RebuildProgress progress, ForumDbContext db, CancellationToken ct) => TypedResults.Ok(await StatusAsync(progress, db, ct)))
            .RequireAuthorization(ForumPolicies.Administrator)
            .WithName("SearchRebuildStatus")
            .Produces<RebuildStatusDto>();
    }

    public static async Task<RebuildStatusDto> StatusAsync(RebuildProgress progress, ForumDbContext db, CancellationToken ct)
    {
        var (remaining, done) = await progress.StatusAsync(db, ct);
        return new RebuildStatusDto(progress.Running, progress.Total, remaining, done, progress.StartedAt, progress.FinishedAt);
    }
}
