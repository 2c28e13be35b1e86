using System.Security.Claims;
using ChildForum.Core.Content;
using ChildForum.Core.Http;
using ChildForum.Files.Import;
using ChildForum.Files.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Endpoints;

/// <summary>What the import handlers need, bound once with <c>[AsParameters]</c>.</summary>
public sealed record DraftImportServices(IDraftImportTarget Drafts, WordImporter Importer, IOptions<FilesOptions> Options, IStringLocalizer<FilesResource> T);

/// <summary>A draft imported from a Word file: the drafts API's answer to creating a draft, and the notes on what the
/// conversion left out or changed (docs/api-extensions.md).</summary>
public sealed record DraftImportedDto(int Id, int GroupId, string Title, string Status, int Version, string Language, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string> Notes);

/// <summary>A version imported from a Word file: the drafts API's answer to a new version, and the notes.</summary>
public sealed record VersionImportedDto(int Version, int DraftId, string Note, DateTimeOffset CreatedAt, IReadOnlyList<string> Notes);

/// <summary>The contract's Word import routes (../shared/API.md "Files"). Who may import is who may create a draft or a
/// version in the drafts API, asked of the drafts module before the file is read; the file then gets the documents'
/// upload limits and answers, and its Markdown goes through the drafts module's own service.</summary>
public static class DraftImportEndpoints
{
    public const string ConfirmField = "confirmPersonalData";

    public static void MapDraftImportEndpoints(this IEndpointRouteBuilder endpoints, long maxBytes)
    {
        var uploadLimit = new RequestSizeLimitAttribute(maxBytes + DocumentEndpoints.FormOverheadBytes);
        const string Conversion = " Headings, paragraphs, bold and italic, lists, tables, footnotes and links become Markdown; images and comments are left out and tracked changes taken as accepted, each said in notes. Too large → 413; not a .docx by content, a zip bomb, a damaged file or one without text → 400 naming file. The text meets the drafts' children's-data guard under file (confirmPersonalData=true to confirm a phone number or e-mail address).";

        endpoints.MapApi("/groups").WithTags("Policy drafts")
            .MapPost("/{groupId}/drafts/import", ImportDraft)
            .RequireAuthorization()
            .WithMetadata(uploadLimit)
            .Accepts<ImportDraftForm>("multipart/form-data")
            .WithName("ImportDraft")
            .WithDescription("Facilitators, as creating a draft. multipart/form-data: file (.docx), title? (default: the document's title property, else its first heading, else the file name), confirmPersonalData?." + Conversion)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        endpoints.MapApi("/drafts").WithTags("Policy drafts")
            .MapPost("/{id:int}/versions/import", ImportVersion)
            .RequireAuthorization()
            .WithMetadata(uploadLimit)
            .Accepts<ImportVersionForm>("multipart/form-data")
            .WithName("ImportDraftVersion")
            .WithDescription("Facilitators, as adding a version. multipart/form-data: file (.docx), note?, confirmPersonalData?. Unchanged paragraphs keep their anchors." + Conversion)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>The forms, for the OpenAPI document (the handlers read the form themselves).</summary>
    public sealed record ImportDraftForm(IFormFile File, string? Title, bool? ConfirmPersonalData);

    public sealed record ImportVersionForm(IFormFile File, string? Note, bool? ConfirmPersonalData);

    public static async Task<IResult> ImportDraft(string groupId, HttpRequest request, ClaimsPrincipal user, [AsParameters] DraftImportServices s, CancellationToken ct)
    {
        var decision = await s.Drafts.CheckCreateAsync(user, groupId, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var form = await DocumentEndpoints.ReadFormAsync(request, s.Options.Value.MaxBytes, s.T, ct);
        if (!form.Succeeded)
        {
            return form.ToHttpResult(localizer: s.T);
        }
        var imported = await s.Importer.ReadAsync(form.Value!.Files, ct);
        if (imported is not { Succeeded: true, Value: { } word })
        {
            return imported.ToHttpResult(localizer: s.T);
        }
        var given = form.Value["title"].ToString().Trim();
        var created = await s.Drafts.CreateDraftAsync(decision.Group, user, given.Length > 0 ? given : word.Title, word.Markdown, Confirmed(form.Value), ct);
        return created is { Succeeded: true, Value: { } d }
            ? TypedResults.Created($"/api/v1/drafts/{d.Id}", new DraftImportedDto(d.Id, d.GroupId, d.Title, d.Status, d.Version, d.Language, d.CreatedAt, d.UpdatedAt, word.Notes))
            : created.ToHttpResult(localizer: s.T);
    }

    public static async Task<IResult> ImportVersion(int id, HttpRequest request, ClaimsPrincipal user, [AsParameters] DraftImportServices s, CancellationToken ct)
    {
        var decision = await s.Drafts.CheckNewVersionAsync(user, id, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var form = await DocumentEndpoints.ReadFormAsync(request, s.Options.Value.MaxBytes, s.T, ct);
        if (!form.Succeeded)
        {
            return form.ToHttpResult(localizer: s.T);
        }
        var imported = await s.Importer.ReadAsync(form.Value!.Files, ct);
        if (imported is not { Succeeded: true, Value: { } word })
        {
            return imported.ToHttpResult(localizer: s.T);
        }
        var added = await s.Drafts.AddVersionAsync(user, id, word.Markdown, form.Value["note"].ToString(), Confirmed(form.Value), ct);
        return added is { Succeeded: true, Value: { } v }
            ? TypedResults.Created($"/api/v1/drafts/{id}/versions/{v.Version}", new VersionImportedDto(v.Version, v.DraftId, v.Note, v.CreatedAt, word.Notes))
            : added.ToHttpResult(localizer: s.T);
    }

    private static bool Confirmed(IFormCollection form) => bool.TryParse(form[ConfirmField].ToString(), out var confirmed) && confirmed;
}
