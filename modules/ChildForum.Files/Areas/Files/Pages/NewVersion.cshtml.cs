using ChildForum.Core.Security;
using ChildForum.Files.Areas.Files.Pages.Shared;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Areas.Files.Pages;

/// <summary>The document page's "new version" form without script. As the upload page, it reads the form itself under
/// the upload limit the page's endpoint carries and only then checks the antiforgery token, so a file over the limit
/// or a refused file is answered next to the field; on success, back to the document page.</summary>
[Authorize]
[IgnoreAntiforgeryToken]
public sealed class NewVersionModel(
    DocumentAccesses accesses, DocumentService documents, IAntiforgery antiforgery, IOptions<FilesOptions> options, IStringLocalizer<FilesResource> t) : PageModel
{
    public string Slug => RouteData.Values["slug"] as string ?? "";

    public DocumentAccess Access { get; private set; } = null!;
    public string? FileError { get; private set; }

    public string DocumentUrl => $"/groups/{Access.Group.Slug}/documents/{Access.Document.Id}";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await RefusalAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(id, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var (values, fileError) = await UploadPageForm.ReadAsync(HttpContext, antiforgery, options.Value.MaxBytes, t, cancellationToken);
        if (fileError is not null)
        {
            FileError = fileError;
            return Page();
        }
        if (values is null)
        {
            return BadRequest();
        }
        var outcome = await documents.AddVersionAsync(Access.Document, User, values.Files, cancellationToken);
        if (!outcome.Succeeded)
        {
            FileError = outcome.Describe(t);
            return Page();
        }
        TempData["StatusMessage"] = t["Version {0} of “{1}” was uploaded.", outcome.Value!.Version, outcome.Value.Title].Value;
        return LocalRedirect(DocumentUrl);
    }

    /// <summary>404 for a document the caller may not read (or of another group than the URL's), 403 for one they read
    /// but may not change; null when they may, with <see cref="Access"/> set.</summary>
    private async Task<IActionResult?> RefusalAsync(int id, CancellationToken cancellationToken)
    {
        var (decision, access) = await accesses.CheckAsync(id, User, GroupPermissions.Read, cancellationToken);
        if (access is null || !string.Equals(access.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return access is null && decision.Refusal != AccessRefusal.NotFound ? Forbid() : NotFound();
        }
        var change = accesses.CheckChange(access, User);
        if (!change.Allowed)
        {
            return change.Refusal == AccessRefusal.NotFound ? NotFound() : Forbid();
        }
        Access = access;
        return null;
    }
}
