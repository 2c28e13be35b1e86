using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Areas.PolicyDrafts.Pages;

/// <summary>Two versions compared: paragraphs inserted, deleted, moved or changed, words marked inside changed ones.</summary>
[AllowAnonymous]
public sealed class DiffModel(DraftService drafts, IStringLocalizer<PolicyDraftsResource> t) : DraftPage(drafts, t)
{
    [BindProperty(SupportsGet = true)] public int? From { get; set; }
    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    public IReadOnlyList<VersionSummaryDto> Versions { get; private set; } = [];
    public DiffDto? Diff { get; private set; }
    public string? Error { get; private set; }

    public int Count(string op) => Diff?.Changes.Count(c => c.Op == op) ?? 0;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        Versions = await Drafts.ListVersionsAsync(Access.Draft, cancellationToken);
        var current = Access.Draft.CurrentVersion;
        From ??= Math.Max(1, (To ?? current) - 1);
        To ??= current;
        if (From > To)
        {
            (From, To) = (To, From);
        }
        var diff = await Drafts.DiffAsync(Access.Draft, From, To, Drafts.Labels(), cancellationToken);
        if (diff.Succeeded)
        {
            Diff = diff.Value;
        }
        else
        {
            Error = T["Choose two versions between 1 and {0}.", current];
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
