using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Files.Areas.Files.Pages.Shared;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Files.Areas.Files.Pages;

/// <summary>The upload form's target without script (with script the files go to the API one by one, with progress).
/// The form is read here, under the upload size limit the page's endpoint carries, and only then is the antiforgery token
/// checked: a file over the limit gets the sentence with the limit next to the field, not an error page. On success: back
/// where the form was.</summary>
[Authorize]
[IgnoreAntiforgeryToken]
public sealed class UploadModel(
    AccessRule rule, DocumentService documents, IAntiforgery antiforgery, IOptions<FilesOptions> options, IStringLocalizer<FilesResource> t) : PageModel
{
    public string Slug => RouteData.Values["slug"] as string ?? "";
    public string? AttachTo { get; private set; }
    public string? ReturnUrl { get; private set; }

    public GroupAccess Group { get; private set; } = null!;
    public string? FileError { get; private set; }

    /// <summary>The field whose text holds the phone number or e-mail address the guard asks about (<c>title</c>,
    /// <c>description</c> or <c>file</c> for the file name): the sentence and the confirmation box stand next to it. Null
    /// when nothing is to be confirmed.</summary>
    public string? ConfirmationField { get; private set; }
    public string? Title { get; private set; }
    public string? Description { get; private set; }
    public string? Tags { get; private set; }

    /// <summary>Errors of the text fields (title, description, tags), each shown next to its field.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors { get; private set; } = new Dictionary<string, string>();

    public UploadFormModel Form => new(Group, string.IsNullOrEmpty(AttachTo) ? null : AttachTo, SafeReturnUrl, t["Upload a document"]);

    /// <summary>Only a path of this site (never another host), else the group's documents.</summary>
    public string SafeReturnUrl => ReturnUrl is { } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        ? url : $"/groups/{Slug}/documents";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await RefusalAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }
        (AttachTo, ReturnUrl) = (Request.Query["attachTo"], Request.Query["returnUrl"]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await RefusalAsync(cancellationToken) is { } refusal)
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
        (AttachTo, ReturnUrl, Title, Description, Tags) = (values["attachTo"], values["returnUrl"], values["title"], values["description"], values[DocumentTags.Field]);
        var fields = new DocumentFields(NullIfEmpty(Title), NullIfEmpty(Description), null, NullIfEmpty(AttachTo), NullIfEmpty(Tags),
            bool.TryParse(values[DocumentService.ConfirmField].ToString(), out var confirmed) && confirmed);
        var outcome = await documents.UploadAsync(Group, User, fields, values.Files, cancellationToken);
        if (!outcome.Succeeded)
        {
            if (outcome.Status == Core.Http.OutcomeStatus.NotFound)
            {
                return NotFound();
            }
            var errors = (outcome.Validation?.ToDictionary(t) ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => string.Join(" ", e.Value), StringComparer.OrdinalIgnoreCase);
            if (outcome.Extensions?.TryGetValue("code", out var code) == true && Equals(code, PersonalDataGuard.ConfirmationCode))
            {
                // The guard's 409 names no field: the page finds the text it means, as the guard scanned them.
                ConfirmationField = HeldBy(Title) ? "title" : HeldBy(Description) ? "description" : FileField;
                errors[ConfirmationField] = outcome.Describe(t);
            }
            FieldErrors = errors;
            // A refusal of a text field stands next to that field; anything else (the file, attachTo, a limit) next to the file.
            FileError = errors.Count > 0 && errors.Keys.All(k => k is "title" or "description" or DocumentTags.Field) ? null : errors.GetValueOrDefault(FileField, outcome.Describe(t));
            return Page();
        }
        TempData["StatusMessage"] = t["“{0}” was uploaded.", outcome.Value!.Title].Value;
        return LocalRedirect(SafeReturnUrl);
    }

    /// <summary>The access rule's answer for someone who may not contribute here: 404 when they may not even know the
    /// group, else 403; null when they may, with <see cref="Group"/> set.</summary>
    private async Task<IActionResult?> RefusalAsync(CancellationToken cancellationToken)
    {
        var decision = await rule.CheckAsync(User, Slug, GroupPermissions.Contribute, cancellationToken);
        if (decision.Refusal == AccessRefusal.NotFound)
        {
            return NotFound();
        }
        if (!decision.Allowed)
        {
            return Forbid();
        }
        Group = decision.Group;
        return null;
    }

    /// <summary>The name of the file field, the field a file name's phone number or e-mail address is shown next to.</summary>
    private const string FileField = "file";

    /// <summary>Whether the text holds a phone number or e-mail address that the guard asks the author to confirm.</summary>
    private static bool HeldBy(string? text) => !string.IsNullOrEmpty(text) && PersonalDataScanner.Scan(text).NeedsConfirmation;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
