using System.Security.Claims;
using System.Text;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Endpoints;

/// <summary>What every handler of the drafts API takes besides its route values and body.</summary>
public sealed record DraftApiContext(ClaimsPrincipal User, AccessRule Rule, DraftService Drafts, FeedbackService Feedback, IStringLocalizer<PolicyDraftsResource> T, CancellationToken Cancellation);

/// <summary>The contract's Policy drafts routes, plus listing a group's drafts and amendments, the positions
/// summary and a Markdown download (docs/api-extensions.md). Every handler asks the access rule first; a draft the
/// caller may not read answers exactly as a missing one.</summary>
public static class DraftEndpoints
{
    /// <summary>Drafts may be 1 MB of text; JSON escaping can make that several MB on the wire.</summary>
    private static readonly RequestSizeLimitAttribute DraftBodyLimit = new(8 * 1024 * 1024);

    private const string ConfirmPersonalData =
        " A Chinese resident ID number in any text → 400 (code id-number, the error on its field); a phone number or e-mail address → 409 " +
        "(code personal-data-confirmation) until sent again with confirmPersonalData: true, which stores it and tells the group's facilitators.";

    public static void MapDraftEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var groups = endpoints.MapApi("/groups").WithTags("Policy drafts");
        groups.MapGet("/{group}/drafts", ListDrafts).WithName("ListDrafts");
        groups.MapPost("/{group}/drafts", CreateDraft)
            .RequireAuthorization()
            .WithMetadata(DraftBodyLimit)
            .WithName("CreateDraft")
            .WithDescription("Facilitators. language defaults to zh-Hans when the text has Chinese characters, otherwise en. The body is at most 1 MB of UTF-8." + ConfirmPersonalData)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        var drafts = endpoints.MapApi("/drafts").WithTags("Policy drafts");
        drafts.MapGet("/{id:int}", GetDraft)
            .WithName("GetDraft")
            .WithDescription("The newest version, or the one asked for with ?version=. Every top-level block of html carries id=\"{anchor}\".");
        drafts.MapPost("/{id:int}/versions", AddVersion)
            .RequireAuthorization()
            .WithMetadata(DraftBodyLimit)
            .WithName("AddDraftVersion")
            .WithDescription("Facilitators. With baseVersion, answers 409 when another version was published since that one." + ConfirmPersonalData)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        drafts.MapGet("/{id:int}/versions", ListVersions).WithName("ListDraftVersions");
        drafts.MapGet("/{id:int}/versions/{number:int}", GetVersion).WithName("GetDraftVersion");
        drafts.MapGet("/{id:int}/versions/{number:int}/markdown", DownloadVersion)
            .WithName("DownloadDraftVersion")
            .WithDescription("The version's Markdown as a file download.")
            .Produces(StatusCodes.Status200OK, contentType: "text/markdown");
        drafts.MapGet("/{id:int}/diff", Diff)
            .WithName("DiffDraftVersions")
            .WithDescription("Block by block, then word by word inside a modified block. A block that only moved appears as delete and insert with the same anchor and moved: true.");
        drafts.MapGet("/{id:int}/comments", ListComments)
            .WithName("ListDraftComments")
            .WithDescription("Comments on versions up to ?version= (default the newest); outdated when the paragraph is not in that version.");
        drafts.MapPost("/{id:int}/comments", Comment)
            .RequireAuthorization()
            .WithName("CommentOnDraft")
            .WithDescription("Members and facilitators. A reply (replyToId) is about its parent's paragraph." + ConfirmPersonalData)
            .ProducesProblem(StatusCodes.Status409Conflict);
        drafts.MapGet("/{id:int}/amendments", ListAmendments)
            .WithName("ListAmendments")
            .WithDescription("All amendments, or those with ?status=open|accepted|rejected. current: the paragraph is unchanged in the newest version; conflictsWith: other open amendments to the same paragraph.");
        drafts.MapPost("/{id:int}/amendments", Propose)
            .RequireAuthorization()
            .WithMetadata(DraftBodyLimit)
            .WithName("ProposeAmendment")
            .WithDescription("Members and facilitators propose replacement text for one paragraph of the newest version." + ConfirmPersonalData)
            .ProducesProblem(StatusCodes.Status409Conflict);
        drafts.MapPut("/{id:int}/positions", StatePosition)
            .RequireAuthorization()
            .WithName("StatePosition")
            .WithDescription("The caller's organisation's position on a version (default the newest); the latest statement counts, earlier ones are kept." + ConfirmPersonalData)
            .ProducesProblem(StatusCodes.Status409Conflict);
        drafts.MapGet("/{id:int}/positions", ListPositions)
            .WithName("ListPositions")
            .WithDescription("Each organisation's latest position, newest first.");
        drafts.MapGet("/{id:int}/positions/summary", SummarisePositions)
            .WithName("SummarisePositions")
            .WithDescription("Counts of the latest positions per stakeholder type and stance.");
        drafts.MapPost("/{id:int}/status", SetStatus)
            .RequireAuthorization()
            .WithName("SetDraftStatus")
            .WithDescription("Facilitators: drafting → consultation → final → adopted, one step back before adoption, or withdrawn. Other moves are 409.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        var amendments = endpoints.MapApi("/amendments").WithTags("Policy drafts");
        amendments.MapPost("/{id:int}/accept", Accept)
            .RequireAuthorization()
            .WithName("AcceptAmendment")
            .WithDescription("A facilitator other than the proposer. Makes a new version whose note names the amendment; 409 when the paragraph changed since.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/{id:int}/reject", Reject)
            .RequireAuthorization()
            .WithName("RejectAmendment")
            .WithDescription("A facilitator other than the proposer, with a reason." + ConfirmPersonalData)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Results<Ok<IReadOnlyList<DraftSummaryDto>>, ProblemHttpResult>> ListDrafts(string group, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Rule.CheckAsync(api.User, group, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? TypedResults.Ok(await api.Drafts.ListAsync(decision.Group.GroupId, api.Cancellation)) : decision.ToProblem();
    }

    public static async Task<Results<Created<DraftSummaryDto>, ValidationProblem, ProblemHttpResult>> CreateDraft(string group, CreateDraftRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Rule.CheckAsync(api.User, group, GroupPermissions.Facilitate, api.Cancellation);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await api.Drafts.CreateAsync(decision.Group, api.User, request, api.Cancellation);
        return outcome.ToCreated(draft => $"/api/v1/drafts/{draft.Id}", api.T);
    }

    public static async Task<Results<Ok<DraftDto>, ValidationProblem, ProblemHttpResult>> GetDraft(int id, int? version, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? (await api.Drafts.GetAsync(decision.Access, version, api.Cancellation)).ToOk(api.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Created<VersionCreatedDto>, ValidationProblem, ProblemHttpResult>> AddVersion(int id, NewVersionRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Facilitate, api.Cancellation);
        return decision.Allowed
            ? (await api.Drafts.AddVersionAsync(decision.Access, api.User, request, api.Cancellation)).ToCreated(created => $"/api/v1/drafts/{id}/versions/{created.Version}", api.T)
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<VersionSummaryDto>>, ProblemHttpResult>> ListVersions(int id, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? TypedResults.Ok(await api.Drafts.ListVersionsAsync(decision.Access.Draft, api.Cancellation)) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<VersionDto>, ValidationProblem, ProblemHttpResult>> GetVersion(int id, int number, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? (await api.Drafts.GetVersionAsync(decision.Access.Draft, number, api.Cancellation)).ToOk(api.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadVersion(int id, int number, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        if (!decision.Allowed)
        {
            return decision.Decision.ToProblem();
        }
        var version = await api.Drafts.FindVersionAsync(decision.Access.Draft, number, api.Cancellation);
        return version is null
            ? ApiProblems.NotFound("version")
            : TypedResults.File(Encoding.UTF8.GetBytes(version.Body), "text/markdown; charset=utf-8", $"{FileName(decision.Access.Draft.Title)}-v{number}.md");
    }

    public static async Task<Results<Ok<DiffDto>, ValidationProblem, ProblemHttpResult>> Diff(int id, int? from, int? to, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed
            ? (await api.Drafts.DiffAsync(decision.Access.Draft, from, to, api.Drafts.Labels(), api.Cancellation)).ToOk(api.T)
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<CommentDto>>, ValidationProblem, ProblemHttpResult>> ListComments(int id, int? version, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? (await api.Feedback.ListCommentsAsync(decision.Access.Draft, version, api.Cancellation)).ToOk(api.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Created<CommentDto>, ValidationProblem, ProblemHttpResult>> Comment(int id, CommentRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Contribute, api.Cancellation);
        return decision.Allowed
            ? (await api.Feedback.CommentAsync(decision.Access, api.User, request, api.Cancellation)).ToCreated(comment => $"/api/v1/drafts/{id}/comments?version={comment.Version}", api.T)
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<AmendmentDto>>, ProblemHttpResult>> ListAmendments(int id, string? status, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? TypedResults.Ok(await api.Feedback.ListAmendmentsAsync(decision.Access.Draft, status, api.Cancellation)) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Created<AmendmentDto>, ValidationProblem, ProblemHttpResult>> Propose(int id, AmendmentRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Contribute, api.Cancellation);
        return decision.Allowed
            ? (await api.Feedback.ProposeAsync(decision.Access, api.User, request, api.Cancellation)).ToCreated(_ => $"/api/v1/drafts/{id}/amendments", api.T)
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<AmendmentDto>, ValidationProblem, ProblemHttpResult>> Accept(int id, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Feedback.CheckAmendmentAsync(id, api.User, api.Cancellation);
        return decision.Allowed
            ? (await api.Feedback.AcceptAsync(decision.Access, decision.Amendment, api.User, api.Cancellation)).ToOk(api.T)
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<AmendmentDto>, ValidationProblem, ProblemHttpResult>> Reject(int id, RejectRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Feedback.CheckAmendmentAsync(id, api.User, api.Cancellation);
        return decision.Allowed
            ? (await api.Feedback.RejectAsync(decision.Access, decision.Amendment, api.User, request, api.Cancellation)).ToOk(api.T)
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<PositionDto>, ValidationProblem, ProblemHttpResult>> StatePosition(int id, PositionRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Contribute, api.Cancellation);
        return decision.Allowed ? (await api.Feedback.StatePositionAsync(decision.Access, api.User, request, api.Cancellation)).ToOk(api.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<PositionDto>>, ProblemHttpResult>> ListPositions(int id, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed ? TypedResults.Ok(await api.Feedback.ListPositionsAsync(decision.Access.Draft, api.Cancellation)) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<PositionSummaryDto>, ProblemHttpResult>> SummarisePositions(int id, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Read, api.Cancellation);
        return decision.Allowed
            ? TypedResults.Ok(FeedbackService.Summarise(await api.Feedback.ListPositionsAsync(decision.Access.Draft, api.Cancellation)))
            : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<DraftSummaryDto>, ValidationProblem, ProblemHttpResult>> SetStatus(int id, StatusRequest request, [AsParameters] DraftApiContext api)
    {
        var decision = await api.Drafts.CheckAsync(id, api.User, GroupPermissions.Facilitate, api.Cancellation);
        return decision.Allowed ? (await api.Drafts.SetStatusAsync(decision.Access, request, api.Cancellation)).ToOk(api.T) : decision.Decision.ToProblem();
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
