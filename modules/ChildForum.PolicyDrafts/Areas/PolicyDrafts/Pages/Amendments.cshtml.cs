using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Areas.PolicyDrafts.Pages;

/// <summary>The amendment queue: open proposals grouped by paragraph (conflicting ones side by side), the
/// decided ones, and the form to propose one for a paragraph (<c>?anchor=</c>).</summary>
[AllowAnonymous]
public sealed class AmendmentsModel(DraftService drafts, FeedbackService feedback, IStringLocalizer<PolicyDraftsResource> t) : DraftPage(drafts, t)
{
    [BindProperty(SupportsGet = true)] public string? Anchor { get; set; }
    [BindProperty] public string? ProposedText { get; set; }
    [BindProperty] public string? Rationale { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<AmendmentDto> Amendments { get; private set; } = [];
    public DraftDocument Current { get; private set; } = null!;
    public DraftBlock? Block { get; private set; }
    public string? ProposeError { get; private set; }
    public int? RejectingId { get; private set; }
    public string? RejectError { get; private set; }

    public IEnumerable<IGrouping<string, AmendmentDto>> OpenByParagraph =>
        Amendments.Where(a => a.Status == AmendmentStatuses.Open).GroupBy(a => a.Anchor);

    public IEnumerable<AmendmentDto> Decided => Amendments.Where(a => a.Status != AmendmentStatuses.Open).OrderByDescending(a => a.DecidedAt);

    public bool CanPropose => Access.Group.CanContribute && !DraftStatuses.IsClosed(Access.Draft.Status);

    public bool CanDecide(AmendmentDto amendment) =>
        Access.Group.CanFacilitate && amendment.Status == AmendmentStatuses.Open && amendment.Proposer.Id != User.GetUserId() && !DraftStatuses.IsClosed(Access.Draft.Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        ProposedText = Block?.Text;
        return Page();
    }

    public async Task<IActionResult> OnPostProposeAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAccessAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Require(GroupPermissions.Contribute) is { } denied)
        {
            return denied;
        }
        var outcome = await feedback.ProposeAsync(Access, User, new AmendmentRequest(Access.Draft.CurrentVersion, Anchor, ProposedText, Rationale), cancellationToken);
        if (outcome.Succeeded)
        {
            return RedirectWith(T["Your amendment was proposed. A facilitator will accept or reject it."], $"{DraftUrl}/amendments#amendment-{outcome.Value!.Id}");
        }
        ProposeError = outcome.Describe(T);
        SetErrorStatus(outcome);
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAcceptAsync(int amendmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAccessAsync(cancellationToken))
        {
            return NotFound();
        }
        var outcome = await feedback.AcceptAsync(amendmentId, User, cancellationToken);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }
        return RedirectWith(outcome.Succeeded ? T["The amendment was accepted: version {0} contains it.", outcome.Value!.ResultVersion ?? 0] : outcome.Describe(T),
            $"{DraftUrl}/amendments#amendment-{amendmentId}");
    }

    public async Task<IActionResult> OnPostRejectAsync(int amendmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAccessAsync(cancellationToken))
        {
            return NotFound();
        }
        var outcome = await feedback.RejectAsync(amendmentId, User, new RejectRequest(Reason), cancellationToken);
        if (outcome.Succeeded)
        {
            return RedirectWith(T["The amendment was rejected; the proposer is told why."], $"{DraftUrl}/amendments#amendment-{amendmentId}");
        }
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }
        RejectingId = amendmentId;
        RejectError = outcome.Describe(T);
        SetErrorStatus(outcome);
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    /// <summary>A short quote of a paragraph for headings.</summary>
    public static string Excerpt(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAccessAsync(cancellationToken))
        {
            return false;
        }
        Amendments = await feedback.ListAmendmentsAsync(Access.Draft, null, cancellationToken);
        Current = Drafts.Document((await Drafts.FindVersionAsync(Access.Draft, Access.Draft.CurrentVersion, cancellationToken))!);
        Block = string.IsNullOrEmpty(Anchor) ? null : Current.Find(Anchor);
        return true;
    }
}

public sealed record AmendmentView(AmendmentsModel Page, AmendmentDto Amendment);
