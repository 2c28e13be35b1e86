using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Files.Archives;
using ChildForum.Files.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Files.Endpoints;

/// <summary>The contract's archive routes (../shared/API.md "Files"): facilitators ask for a group's archive, follow its
/// progress and download it; to anyone else each route answers 404.</summary>
public static class ArchiveEndpoints
{
    public const string NotReady = "The archive is not ready yet: ask GET /api/v1/archives/{0} until its status is done, then download it.";
    public const string Failed = "The archive could not be built. Ask for a new one; if it fails again, tell the site's administrators.";

    public static void MapArchiveEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApi("/groups").WithTags("Files")
            .MapPost("/{groupId}/archive", RequestArchive)
            .WithName("RequestArchive")
            .WithDescription("Facilitators: builds the group's archive in the background (poll GET /api/v1/archives/{id}). Others: 404.");
        var archives = endpoints.MapApi("/archives").WithTags("Files");
        archives.MapGet("/{id:guid}", GetArchive)
            .WithName("GetArchive");
        archives.MapGet("/{id:guid}/content", GetArchiveContent)
            .WithName("GetArchiveContent")
            .WithDescription("The ZIP (manifest.json, Markdown, the files) as an attachment download, once the status is done; before that 409.");
    }

    public static async Task<Results<Accepted<ArchiveRequestedDto>, ProblemHttpResult>> RequestArchive(
        string groupId, ClaimsPrincipal user, ArchiveService archives, CancellationToken ct)
    {
        var decision = await archives.CheckGroupAsync(user, groupId, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var requested = await archives.RequestAsync(decision.Group, user, ct);
        return TypedResults.Accepted($"/api/v1/archives/{requested.Id:D}", requested);
    }

    public static async Task<Results<Ok<ArchiveDto>, ProblemHttpResult>> GetArchive(Guid id, ClaimsPrincipal user, ArchiveService archives, CancellationToken ct)
    {
        var (decision, access) = await archives.CheckAsync(id, user, ct);
        return access is null ? decision.ToProblem() : TypedResults.Ok(ArchiveService.ToDto(access.Archive));
    }

    public static async Task<IResult> GetArchiveContent(Guid id, HttpContext http, ArchiveService archives, IStringLocalizer<FilesResource> t, CancellationToken ct)
    {
        var (decision, access) = await archives.CheckAsync(id, http.User, ct);
        if (access is null)
        {
            return decision.ToProblem();
        }
        if (access.Archive.Status != ArchiveStatuses.Done)
        {
            return ApiProblems.Conflict(access.Archive.Status == ArchiveStatuses.Failed ? t[Failed] : t[NotReady, id.ToString("D")]);
        }
        var content = await archives.OpenAsync(access, ct);
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        headers[HeaderNames.CacheControl] = "private, no-store";
        var name = $"archive-{access.Group.Slug}-{access.Archive.CompletedAt:yyyyMMdd}.zip";
        return TypedResults.File(content, "application/zip", name, entityTag: new EntityTagHeaderValue($"\"{access.Archive.Sha256}\""));
    }
}
