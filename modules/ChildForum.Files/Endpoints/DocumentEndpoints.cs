using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Files.Endpoints;

/// <summary>What the document handlers need, bound once with <c>[AsParameters]</c>.</summary>
public sealed record DocumentHandlerServices(AccessRule Rule, DocumentAccesses Accesses, DocumentService Documents, IStringLocalizer<FilesResource> T);

/// <summary>The contract's Files routes for documents (../shared/API.md "Files"). Every handler asks the core
/// <see cref="AccessRule"/> first; files are only ever sent by <see cref="GetContent"/>, as downloads.</summary>
public static class DocumentEndpoints
{
    /// <summary>Room for the multipart framing and the text fields around the largest accepted file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    /// <summary>The most parts (files and fields together) an upload form may have.</summary>
    public const int MaxFormParts = 16;

    public static void MapDocumentEndpoints(this IEndpointRouteBuilder endpoints, long maxBytes)
    {
        var uploadLimit = new RequestSizeLimitAttribute(maxBytes + FormOverheadBytes);

        var groups = endpoints.MapApi("/groups").WithTags("Files");
        groups.MapGet("/{groupId}/documents", ListDocuments)
            .WithName("ListDocuments")
            .WithDescription("The group's documents (library and attachments), newest first; ?tag= only those with that tag.");
        groups.MapPost("/{groupId}/documents", UploadDocument)
            .RequireAuthorization()
            .WithMetadata(uploadLimit)
            .Accepts<UploadForm>("multipart/form-data")
            .WithName("UploadDocument")
            .WithDescription("multipart/form-data: file, title?, description?, language? (en|zh-Hans), tags? (comma separated, at most 10 of 40 characters), attachTo? (message:{id} | agenda-item:{id} | draft:{id}), confirmPersonalData? (title, description and the file's name meet the children's-data guard). Members; facilitators for agenda items. The type is decided by the content and must match the name's extension; too large → 413.");

        var documents = endpoints.MapApi("/documents").WithTags("Files");
        documents.MapGet("/{id:int}", GetDocument)
            .WithName("GetDocument");
        documents.MapGet("/{id:int}/content", GetContent)
            .WithName("GetDocumentContent")
            .WithDescription("The current version's file, as an attachment download.");
        documents.MapGet("/{id:int}/versions", ListVersions)
            .WithName("ListDocumentVersions")
            .WithDescription("The document's versions the caller may read, newest first (docs/api-extensions.md).");
        documents.MapGet("/{id:int}/versions/{number:int}/content", GetVersionContent)
            .WithName("GetDocumentVersionContent")
            .WithDescription("One version's file, as an attachment download (docs/api-extensions.md).");
        documents.MapPost("/{id:int}/versions", AddVersion)
            .RequireAuthorization()
            .WithMetadata(uploadLimit)
            .Accepts<UploadForm>("multipart/form-data")
            .WithName("AddDocumentVersion")
            .WithDescription("multipart/form-data: file. The uploader or a facilitator (meeting papers: facilitators).");
        documents.MapDelete("/{id:int}", DeleteDocument)
            .RequireAuthorization()
            .WithName("DeleteDocument")
            .WithDescription("The uploader or a facilitator (meeting papers: facilitators).");
        documents.MapPost("/{id:int}/release", ReleaseDocument)
            .RequireAuthorization()
            .WithName("ReleaseDocument")
            .WithDescription("Facilitators: releases the current version that the children's-data guard held back (docs/api-extensions.md). 409 when it is not held.");
    }

    /// <summary>The upload form, for the OpenAPI document (the handlers read the form themselves, see <see cref="ReadFormAsync"/>).</summary>
    public sealed record UploadForm(IFormFile File, string? Title, string? Description, string? Language, string? AttachTo, string? Tags, bool? ConfirmPersonalData);

    /// <summary>The group's documents; with <c>?tag=</c> only those carrying that tag (docs/api-extensions.md).</summary>
    public static async Task<Results<Ok<IReadOnlyList<DocumentDto>>, ProblemHttpResult>> ListDocuments(
        string groupId, string? tag, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Rule.CheckAsync(user, groupId, GroupPermissions.Read, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        return TypedResults.Ok(string.IsNullOrWhiteSpace(tag)
            ? await s.Documents.ListAsync(decision.Group, ct)
            : await s.Documents.ListTaggedAsync(decision.Group, tag.Trim(), ct));
    }

    public static async Task<IResult> UploadDocument(
        string groupId, HttpRequest request, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, IOptions<FilesOptions> options, CancellationToken ct)
    {
        var decision = await s.Rule.CheckAsync(user, groupId, GroupPermissions.Contribute, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var form = await ReadFormAsync(request, options.Value.MaxBytes, s.T, ct);
        if (!form.Succeeded)
        {
            return form.ToHttpResult(localizer: s.T);
        }
        var values = form.Value!;
        var fields = new DocumentFields(values["title"], values["description"], values["language"], values["attachTo"], values[DocumentTags.Field],
            bool.TryParse(values[DocumentService.ConfirmField].ToString(), out var confirmed) && confirmed);
        var outcome = await s.Documents.UploadAsync(decision.Group, user, fields, values.Files, ct);
        return outcome.ToHttpResult(outcome.Value is { } document ? $"/api/v1/documents/{document.Id}" : null, s.T);
    }

    public static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> GetDocument(int id, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        return access is not null ? TypedResults.Ok(await s.Documents.GetAsync(access, ct)) : decision.ToProblem();
    }

    public static async Task<IResult> GetContent(int id, HttpContext http, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, http.User, GroupPermissions.Read, ct);
        if (access is null)
        {
            return decision.ToProblem();
        }
        return Download(http, await s.Documents.OpenAsync(access, ct));
    }

    public static async Task<Results<Ok<IReadOnlyList<DocumentVersionDto>>, ProblemHttpResult>> ListVersions(int id, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        return access is not null ? TypedResults.Ok(await s.Documents.VersionsAsync(access, ct)) : decision.ToProblem();
    }

    /// <summary>One version's file; a version that does not exist, or that the guard holds back from this caller,
    /// answers like a missing document (the rule's 404, naming no file).</summary>
    public static async Task<IResult> GetVersionContent(int id, int number, HttpContext http, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, http.User, GroupPermissions.Read, ct);
        if (access is null)
        {
            return decision.ToProblem();
        }
        return await s.Documents.OpenVersionAsync(access, number, ct) is { } content
            ? Download(http, content)
            : s.Rule.Check(http.User, null, GroupPermissions.Read, DocumentAccesses.What).ToProblem();
    }

    /// <summary>A file as a download that a browser neither renders nor caches.</summary>
    private static IResult Download(HttpContext http, DocumentContent content)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        // Should a browser render it anyway, it runs nothing and loads nothing.
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        headers[HeaderNames.CacheControl] = "private, no-store";
        var contentType = content.ContentType.StartsWith("text/", StringComparison.Ordinal) ? content.ContentType + "; charset=utf-8" : content.ContentType;
        // fileDownloadName makes it "attachment" with both filename (ASCII) and filename* (RFC 6266/5987, UTF-8).
        return TypedResults.File(content.Content, contentType, content.FileName, entityTag: new EntityTagHeaderValue($"\"{content.Sha256}\""), enableRangeProcessing: true);
    }

    public static async Task<IResult> AddVersion(
        int id, HttpRequest request, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, IOptions<FilesOptions> options, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        if (access is null)
        {
            return decision.ToProblem();
        }
        if (s.Accesses.CheckChange(access, user) is { Allowed: false } refusal)
        {
            return refusal.ToProblem();
        }
        var form = await ReadFormAsync(request, options.Value.MaxBytes, s.T, ct);
        if (!form.Succeeded)
        {
            return form.ToHttpResult(localizer: s.T);
        }
        var outcome = await s.Documents.AddVersionAsync(access.Document, user, form.Value!.Files, ct);
        return outcome.ToHttpResult($"/api/v1/documents/{id}", s.T);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDocument(int id, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        if (access is null)
        {
            return decision.ToProblem();
        }
        if (s.Accesses.CheckChange(access, user) is { Allowed: false } refusal)
        {
            return refusal.ToProblem();
        }
        await s.Documents.DeleteAsync(access.Document, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Releases a held version. Only facilitators see a held document at all, so anyone else gets 404 here.</summary>
    public static async Task<IResult> ReleaseDocument(int id, ClaimsPrincipal user, [AsParameters] DocumentHandlerServices s, CancellationToken ct)
    {
        var (decision, access) = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        if (access is null)
        {
            return decision.ToProblem();
        }
        if (s.Rule.Check(user, access.Group, GroupPermissions.Facilitate, DocumentAccesses.What) is { Allowed: false } refusal)
        {
            return refusal.ToProblem();
        }
        var outcome = await s.Documents.ReleaseAsync(access.Document, user, ct);
        return outcome.ToHttpResult(localizer: s.T);
    }

    /// <summary>Reads the multipart form (routing has answered any other content type with 415, from the route's
    /// <c>Accepts</c>; files over 64 KB are buffered to disk by ASP.NET Core, never to memory). A body
    /// over the limit is a 413 that says the limit; anything else unreadable is a 400 naming <c>file</c>.</summary>
    internal static async Task<Outcome<IFormCollection>> ReadFormAsync(HttpRequest request, long maxBytes, IStringLocalizer<FilesResource> t, CancellationToken ct)
    {
        // One file and a few fields: a form of more parts is refused while it is read, before anything is buffered.
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = maxBytes + FormOverheadBytes,
            ValueCountLimit = MaxFormParts,
        }));
        try
        {
            return Outcome<IFormCollection>.Ok(await request.ReadFormAsync(ct));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Outcome<IFormCollection>.TooLarge(t[DocumentService.TooLarge, DocumentService.Size(maxBytes)])
                with { Extensions = new Dictionary<string, object?> { ["maxBytes"] = maxBytes } };
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A multipart body that breaks the form limits (too many parts, a header too long) or is malformed.
            return Outcome<IFormCollection>.Invalid(DocumentService.FileField, DocumentService.UnreadableForm);
        }
    }
}
