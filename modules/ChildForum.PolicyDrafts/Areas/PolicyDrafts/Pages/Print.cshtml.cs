using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Areas.PolicyDrafts.Pages;

/// <summary>A version on its own, laid out for paper: the browser's "Save as PDF" makes the export.</summary>
[AllowAnonymous]
public sealed class PrintModel(DraftService drafts, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t) : DraftPage(drafts, t)
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }

    public DraftDto Draft { get; private set; } = null!;
    public VersionSummaryDto VersionInfo { get; private set; } = null!;
    public PositionSummaryDto Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        var draft = await Drafts.GetAsync(Access, Version, cancellationToken);
        if (!draft.Succeeded)
        {
            return NotFound();
        }
        Draft = draft.Value!;
        VersionInfo = (await Drafts.ListVersionsAsync(Access.Draft, cancellationToken)).First(v => v.Version == Draft.Version);
        Summary = FeedbackService.Summarise(await feedback.ListPositionsAsync(Access.Draft, cancellationToken));
        return Page();
    }
}
