using System.Security.Claims;
using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Search.Export;
using ChildForum.Search.Indexing;
using ChildForum.Search.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Endpoints;

/// <summary>The query of <c>GET /api/v1/search/export</c>: the search's parameters and the file format.</summary>
public sealed record SearchExportQuery(string? Format, string? Q, string? Type, string? Group, string? Stakeholder, string? From, string? To, string? Lang, string? Sort)
{
    public SearchParameters ToParameters() => new(Q, Type, Group, Stakeholder, From, To, Lang, Sort, Page: null, PageSize: null);
}

/// <summary>What the export handler needs from the container.</summary>
public sealed record SearchExportServices(SearchService Search, IOptions<ChildForumOptions> Site, TimeProvider Clock, IStringLocalizer<SearchResource> Localizer);

public sealed record RebuildStatusDto(bool Running, long Total, long Remaining, double Done, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>The contract's Search routes (search and export), plus the administrators' rebuild (docs/api-extensions.md).</summary>
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

        search.MapGet("/export", ExportAsync)
            .WithName("ExportSearch")
            .WithDescription("Every result of the search the caller may read, as a file: format=csv (UTF-8 with BOM, RFC 4180) or jsonl (JSON Lines), " +
                "with the parameters of GET /api/v1/search (page and pageSize are not used). Columns: type, id, title, url, group, stakeholderType, date, language, text. " +
                "X-Total-Count: the results the caller may read; X-Export-Limit: the most rows a file holds (Search:ExportLimit).")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: "text/csv", "application/x-ndjson")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

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

    /// <summary>GET /api/v1/search/export: a 400 naming the field, a 503 when the engine does not answer, or the file.</summary>
    public static async Task<IResult> ExportAsync([AsParameters] SearchExportQuery query, [AsParameters] SearchExportServices services, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var baseUrl = services.Site.Value.PublicUrl is { Length: > 0 } publicUrl ? publicUrl : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var outcome = await services.Search.ExportAsync(user, query.ToParameters(), query.Format, baseUrl, ct);
        return outcome.Succeeded ? new SearchExportResult(outcome.Value!, services.Clock.GetUtcNow()) : outcome.ToHttpResult(localizer: services.Localizer);
    }

    public static async Task<RebuildStatusDto> StatusAsync(RebuildProgress progress, ForumDbContext db, CancellationToken ct)
    {
        var (remaining, done) = await progress.StatusAsync(db, ct);
        return new RebuildStatusDto(progress.Running, progress.Total, remaining, done, progress.StartedAt, progress.FinishedAt);
    }
}
