using ChildForum.Core.Content;
using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Files.Import;
using ChildForum.Files.Localization;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Areas.Files.Pages;

/// <summary>Importing a Word file as a new draft (<c>/groups/{slug}/drafts/import</c>) or as a draft's next version
/// (<c>/groups/{slug}/drafts/{id}/import</c>): a plain multipart form, errors next to the file field, and the notes on
/// what was left out in the status message of the draft page it leads to. The same importer and drafts target as the API.</summary>
[Authorize]
public sealed class ImportDraftModel(
    IDraftImportTarget drafts, WordImporter importer, IEnumerable<IGroupContent> content, IOptions<FilesOptions> options, IStringLocalizer<FilesResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public GroupAccess Group { get; private set; } = null!;
    public string? DraftTitle { get; private set; }
    public string? FileError { get; private set; }
    public string? TitleError { get; private set; }
    public string? NoteError { get; private set; }

    /// <summary>A refusal that belongs to no field (a closed draft, a version published meanwhile).</summary>
    public string? Error { get; private set; }

    /// <summary>The text has a phone number or e-mail address: the form offers to confirm it.</summary>
    public bool NeedsConfirmation { get; private set; }

    public string MaxSize => DocumentService.Size(options.Value.MaxBytes);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        var word = await importer.ReadAsync(Request.Form.Files, cancellationToken);
        if (word is not { Succeeded: true, Value: { } imported })
        {
            return Failed(word);
        }
        if (Id is { } id)
        {
            var version = await drafts.AddVersionAsync(User, id, imported.Markdown, Note, ConfirmPersonalData, cancellationToken);
            return version is { Succeeded: true, Value: { } v }
                ? Done(t["Version {0} is imported from the Word file.", v.Version], imported.Notes, id)
                : Failed(version);
        }
        var title = string.IsNullOrWhiteSpace(Title) ? imported.Title : Title;
        var created = await drafts.CreateDraftAsync(Group, User, title, imported.Markdown, ConfirmPersonalData, cancellationToken);
        return created is { Succeeded: true, Value: { } d }
            ? Done(t["The draft is imported from the Word file as version 1."], imported.Notes, d.Id)
            : Failed(created);
    }

    private RedirectResult Done(string done, IReadOnlyList<string> notes, int draftId)
    {
        TempData["StatusMessage"] = notes.Count == 0 ? done : done + " " + t["Note: {0}.", string.Join(t["; "], notes)];
        return Redirect($"/groups/{Group.Slug}/drafts/{draftId}");
    }

    private PageResult Failed<T>(Outcome<T> outcome)
    {
        var errors = outcome.Validation?.ToDictionary(t) ?? new Dictionary<string, string[]>();
        FileError = Joined(errors, DocumentService.FileField);
        TitleError = Joined(errors, "title");
        NoteError = Joined(errors, "note");
        if (outcome.Status != OutcomeStatus.Invalid)
        {
            FileError = outcome.Describe(t);
        }
        NeedsConfirmation = outcome.Extensions?.TryGetValue("code", out var code) == true && Equals(code, PersonalDataGuard.ConfirmationCode);
        Response.StatusCode = outcome.Status switch
        {
            OutcomeStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
            OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    private static string? Joined(IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The group in the URL when the caller may create drafts in it (or add versions to the draft).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var decision = Id is { } id
            ? await drafts.CheckNewVersionAsync(User, id, cancellationToken)
            : Slug.Length > 64 ? null : await drafts.CheckCreateAsync(User, Slug, cancellationToken);
        if (decision is null || decision.Refusal == AccessRefusal.NotFound)
        {
            return NotFound();
        }
        if (!decision.Allowed)
        {
            return decision.Refusal == AccessRefusal.SignInRequired ? Challenge() : Forbid();
        }
        if (!string.Equals(decision.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        Group = decision.Group;
        if (Id is { } draftId)
        {
            DraftTitle = content.FirstOrDefault(c => c.Kind == "draft") is { } provider ? await provider.TitleAsync(draftId, Group.GroupId, cancellationToken) : null;
        }
        return null;
    }
}
