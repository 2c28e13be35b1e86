using ChildForum.Core.Http;
using ChildForum.Core.Markdown;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Areas.PolicyDrafts.Pages;

/// <summary>Starting a draft (<c>/groups/{slug}/drafts/new</c>) and writing its next version
/// (<c>/groups/{slug}/drafts/{id}/edit</c>): Markdown source with a preview beside it, live with script
/// (drafts.js), through the Preview button without.</summary>
[Authorize]
public sealed class EditorModel(AccessRule rule, DraftService drafts, IMarkdownRenderer markdown, IStringLocalizer<PolicyDraftsResource> t) : PageModel
{
    public static readonly IReadOnlyList<(string Tag, string Name)> Languages = [("zh-Hans", "简体中文"), ("en", "English"), ("da", "Dansk"), ("sv", "Svenska")];

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int? BaseVersion { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public GroupAccess Group { get; private set; } = null!;
    public DraftAccess? Draft { get; private set; }
    public string? PreviewHtml { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The text has a phone number or e-mail address: the form offers to confirm it.</summary>
    public bool NeedsConfirmation { get; private set; }

    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        if (Draft is { } access)
        {
            var current = await drafts.FindVersionAsync(access.Draft, access.Draft.CurrentVersion, cancellationToken);
            Body = current!.Body;
            BaseVersion = access.Draft.CurrentVersion;
        }
        return Page();
    }

    /// <summary>The preview without script: the same page with the rendered text beside the source.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        try
        {
            PreviewHtml = markdown.ToHtml(Body ?? "");
        }
        catch (MarkdownTooComplexException e)
        {
            Error = t[e.Message];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        if (Draft is { } access)
        {
            var outcome = await drafts.AddVersionAsync(access, User, new NewVersionRequest(Body, Note, BaseVersion, ConfirmPersonalData), cancellationToken);
            if (outcome.Succeeded)
            {
                TempData["StatusMessage"] = t["Version {0} is published.", outcome.Value!.Version].Value;
                return Redirect($"/groups/{Group.Slug}/drafts/{access.Draft.Id}");
            }
            return Failed(outcome);
        }
        var created = await drafts.CreateAsync(Group, User, new CreateDraftRequest(Title, Body, Language, ConfirmPersonalData), cancellationToken);
        if (created.Succeeded)
        {
            TempData["StatusMessage"] = t["The draft is started as version 1."].Value;
            return Redirect($"/groups/{Group.Slug}/drafts/{created.Value!.Id}");
        }
        return Failed(created);
    }

    private PageResult Failed<T>(Outcome<T> outcome)
    {
        var errors = outcome.Validation?.ToDictionary(t) ?? new Dictionary<string, string[]>();
        foreach (var (field, messages) in errors.Where(e => e.Key != "body"))
        {
            ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], string.Join(" ", messages));
        }
        if (outcome.Status != OutcomeStatus.Invalid || errors.ContainsKey("body"))
        {
            Error = errors.TryGetValue("body", out var body) ? string.Join(" ", body) : outcome.Describe(t);
        }
        NeedsConfirmation = outcome.Extensions?.TryGetValue("code", out var code) == true && Equals(code, PersonalDataGuard.ConfirmationCode);
        Response.StatusCode = outcome.Status switch
        {
            OutcomeStatus.TooLarge => 413,
            OutcomeStatus.Conflict => 409,
            _ => 400,
        };
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var read = Slug.Length > 64 ? null : await rule.CheckAsync(User, Slug, GroupPermissions.Read, cancellationToken);
        if (read is null || !read.Allowed || !string.Equals(read.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        Group = read.Group;
        if (Id is { } id)
        {
            var draft = await drafts.CheckAsync(id, User, GroupPermissions.Read, cancellationToken);
            if (!draft.Allowed || draft.Access.Draft.GroupId != Group.GroupId)
            {
                return NotFound();
            }
            Draft = draft.Access;
        }
        return rule.Check(User, Group, GroupPermissions.Facilitate).Allowed ? null : Forbid();
    }
}
