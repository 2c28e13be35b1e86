using System.Security.Claims;
using System.Text;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Endpoints;

/// <summary>The contract's Policy drafts routes, plus listing a group's drafts and amendments, the positions
/// summary and a Markdown download (docs/api-extensions.md).</summary>
public static class DraftEndpoints
{
    /// <summary>Drafts may be 1 MB of text; JSON escaping can make that several MB on the wire.</summary>
    private static readonly RequestSizeLimitAttribute DraftBodyLimit = new(8 * 1024 * 1024);

    public static void MapDraftEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var groups = endpoints.MapApi("/groups").WithTags("Policy drafts");

        groups.MapGet("/{group}/drafts", async (string group, ClaimsPrincipal user, GroupAuthorizer authorizer, DraftService drafts, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Read, ct);
                return auth.Allowed ? TypedResults.Ok(await drafts.ListAsync(auth.Access!.GroupId, ct)) : auth.Denial!;
            })
            .WithName("ListDrafts")
            .Produces<IReadOnlyList<DraftSummaryDto>>();

        groups.MapPost("/{group}/drafts", async (string group, CreateDraftRequest request, ClaimsPrincipal user, GroupAuthorizer authorizer, DraftService drafts, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Facilitate, ct);
                if (!auth.Allowed)
                {
                    return auth.Denial!;
                }
                var outcome = await drafts.CreateAsync(auth.Access!, user, request, ct);
                return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/drafts/{outcome.Value!.Id}" : null, t);
            })
            .RequireAuthorization()
            .WithMetadata(DraftBodyLimit)
            .WithName("CreateDraft")
            .WithDescription("Facilitators. language defaults to zh-Hans when the text has Chinese characters, otherwise en. The body is at most 1 MB of UTF-8.")
            .Produces<DraftSummaryDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var drafts = endpoints.MapApi("/drafts").WithTags("Policy drafts");

        drafts.MapGet("/{id:int}", (int id, int? version, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => (await service.GetAsync(access, version, ct)).ToHttpResult(localizer: t)))
            .WithName("GetDraft")
            .WithDescription("The newest version, or the one asked for with ?version=. Every top-level block of html carries id=\"{anchor}\".")
            .Produces<DraftDto>();

        drafts.MapPost("/{id:int}/versions", (int id, NewVersionRequest request, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, service, t, ct, async access =>
                {
                    var outcome = await service.AddVersionAsync(access, user, request, ct);
                    return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/drafts/{id}/versions/{outcome.Value!.Version}" : null, t);
                }))
            .RequireAuthorization()
            .WithMetadata(DraftBodyLimit)
            .WithName("AddDraftVersion")
            .WithDescription("Facilitators. With baseVersion, answers 409 when another version was published since that one.")
            .Produces<VersionCreatedDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        drafts.MapGet("/{id:int}/versions", (int id, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => TypedResults.Ok(await service.ListVersionsAsync(access.Draft, ct))))
            .WithName("ListDraftVersions")
            .Produces<IReadOnlyList<VersionSummaryDto>>();

        drafts.MapGet("/{id:int}/versions/{number:int}", (int id, int number, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => (await service.GetVersionAsync(access.Draft, number, ct)).ToHttpResult(localizer: t)))
            .WithName("GetDraftVersion")
            .Produces<VersionDto>();

        drafts.MapGet("/{id:int}/versions/{number:int}/markdown", (int id, int number, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access =>
                {
                    var version = await service.FindVersionAsync(access.Draft, number, ct);
                    return version is null
                        ? Outcome<bool>.NotFound("version").ToHttpResult(localizer: t)
                        : TypedResults.File(Encoding.UTF8.GetBytes(version.Body), "text/markdown; charset=utf-8", $"{FileName(access.Draft.Title)}-v{number}.md");
                }))
            .WithName("DownloadDraftVersion")
            .WithDescription("The version's Markdown as a file download.");

        drafts.MapGet("/{id:int}/diff", (int id, int? from, int? to, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => (await service.DiffAsync(access.Draft, from, to, service.Labels(), ct)).ToHttpResult(localizer: t)))
            .WithName("DiffDraftVersions")
            .WithDescription("Block by block, then word by word inside a modified block. A block that only moved appears as delete and insert with the same anchor and moved: true.")
            .Produces<DiffDto>();

        drafts.MapGet("/{id:int}/comments", (int id, int? version, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => (await feedback.ListCommentsAsync(access.Draft, version, ct)).ToHttpResult(localizer: t)))
            .WithName("ListDraftComments")
            .WithDescription("Comments on versions up to ?version= (default the newest); outdated when the paragraph is not in that version.")
            .Produces<IReadOnlyList<CommentDto>>();

        drafts.MapPost("/{id:int}/comments", (int id, CommentRequest request, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Contribute, service, t, ct, async access =>
                {
                    var outcome = await feedback.CommentAsync(access, user, request, ct);
                    return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/drafts/{id}/comments?version={outcome.Value!.Version}" : null, t);
                }))
            .RequireAuthorization()
            .WithName("CommentOnDraft")
            .WithDescription("Members and facilitators. A reply (replyToId) is about its parent's paragraph.")
            .Produces<CommentDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        drafts.MapGet("/{id:int}/amendments", (int id, string? status, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => TypedResults.Ok(await feedback.ListAmendmentsAsync(access.Draft, status, ct))))
            .WithName("ListAmendments")
            .WithDescription("All amendments, or those with ?status=open|accepted|rejected. current: the paragraph is unchanged in the newest version; conflictsWith: other open amendments to the same paragraph.")
            .Produces<IReadOnlyList<AmendmentDto>>();

        drafts.MapPost("/{id:int}/amendments", (int id, AmendmentRequest request, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Contribute, service, t, ct, async access =>
                {
                    var outcome = await feedback.ProposeAsync(access, user, request, ct);
                    return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/drafts/{id}/amendments" : null, t);
                }))
            .RequireAuthorization()
            .WithMetadata(DraftBodyLimit)
            .WithName("ProposeAmendment")
            .WithDescription("Members and facilitators propose replacement text for one paragraph of the newest version.")
            .Produces<AmendmentDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var amendments = endpoints.MapApi("/amendments").WithTags("Policy drafts");
        amendments.MapPost("/{id:int}/accept", async (int id, ClaimsPrincipal user, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                (await feedback.AcceptAsync(id, user, ct)).ToHttpResult(localizer: t))
            .RequireAuthorization()
            .WithName("AcceptAmendment")
            .WithDescription("A facilitator other than the proposer. Makes a new version whose note names the amendment; 409 when the paragraph changed since.")
            .Produces<AmendmentDto>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/{id:int}/reject", async (int id, RejectRequest request, ClaimsPrincipal user, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                (await feedback.RejectAsync(id, user, request, ct)).ToHttpResult(localizer: t))
            .RequireAuthorization()
            .WithName("RejectAmendment")
            .WithDescription("A facilitator other than the proposer, with a reason.")
            .Produces<AmendmentDto>()
            .ProducesProblem(StatusCodes.Status409Conflict);

        drafts.MapPut("/{id:int}/positions", (int id, PositionRequest request, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Contribute, service, t, ct, async access => (await feedback.StatePositionAsync(access, user, request, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("StatePosition")
            .WithDescription("The caller's organisation's position on a version (default the newest); the latest statement counts, earlier ones are kept.")
            .Produces<PositionDto>();

        drafts.MapGet("/{id:int}/positions", (int id, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => TypedResults.Ok(await feedback.ListPositionsAsync(access.Draft, ct))))
            .WithName("ListPositions")
            .WithDescription("Each organisation's latest position, newest first.")
            .Produces<IReadOnlyList<PositionDto>>();

        drafts.MapGet("/{id:int}/positions/summary", (int id, ClaimsPrincipal user, DraftService service, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, service, t, ct, async access => TypedResults.Ok(FeedbackService.Summarise(await feedback.ListPositionsAsync(access.Draft, ct)))))
            .WithName("SummarisePositions")
            .WithDescription("Counts of the latest positions per stakeholder type and stance.")
            .Produces<PositionSummaryDto>();

        drafts.MapPost("/{id:int}/status", (int id, StatusRequest request, ClaimsPrincipal user, DraftService service, IStringLocalizer<PolicyDraftsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, service, t, ct, async access => (await service.SetStatusAsync(access, request, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("SetDraftStatus")
            .WithDescription("Facilitators: drafting → consultation → final → adopted, one step back before adoption, or withdrawn. Other moves are 409.")
            .Produces<DraftSummaryDto>()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> WithAccess(int id, ClaimsPrincipal user, GroupPermission permission, DraftService service, IStringLocalizer t, CancellationToken ct, Func<DraftAccess, Task<IResult>> then)
    {
        var access = await service.AccessAsync(id, user, permission, ct);
        return access.Succeeded ? await then(access.Value!) : access.ToHttpResult(localizer: t);
    }

    /// <summary>A download name from the title: letters (any script), digits and dashes.</summary>
    public static string FileName(string title)
    {
        var name = new string(title.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (name.Contains("--", StringComparison.Ordinal))
        {
            name = name.Replace("--", "-", StringComparison.Ordinal);
        }
        return name.Length == 0 ? "draft" : name[..Math.Min(name.Length, 80)];
    }
}
