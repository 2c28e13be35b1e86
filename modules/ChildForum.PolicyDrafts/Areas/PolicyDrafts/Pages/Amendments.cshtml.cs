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
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public IReadOnlyList<AmendmentDto> Amendments { get; private set; } = [];
    public DraftDocument Current { get; private set; } = null!;
    public DraftBlock? Block { get; private set; }
    /// <summary>The refusal of a proposal that belongs to no one field (a changed paragraph, a phone number to confirm).</summary>
    public string? ProposeError { get; private set; }
    public IReadOnlyDictionary<string, string> ProposeFieldErrors { get; private set; } = new Dictionary<string, string>();
    public bool ProposeNeedsConfirmation { get; private set; }
    public int? RejectingId { get; private set; }
    public string? RejectError { get; private set; }
    public bool RejectNeedsConfirmation { get; private set; }

    public IEnumerable<IGrouping<string, AmendmentDto>> OpenByParagraph =>
        Amendments.Where(a => a.Status == AmendmentStatuses.Open).GroupBy(a => a.Anchor);

    public IEnumerable<AmendmentDto> Decided => Amendments.Where(a => a.Status != AmendmentStatuses.Open).OrderByDescending(a => a.DecidedAt);

    public bool CanPropose => Permits(GroupPermissions.Contribute) && !DraftStatuses.IsClosed(Access.Draft.Status);

    public bool CanDecide(AmendmentDto amendment) =>
        Permits(GroupPermissions.Facilitate) && amendment.Status == AmendmentStatuses.Open && amendment.Proposer.Id != User.GetUserId() && !DraftStatuses.IsClosed(Access.Draft.Status);

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
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Require(GroupPermissions.Contribute) is { } denied)
        {
            return denied;
        }
        var outcome = await feedback.ProposeAsync(Access, User, new AmendmentRequest(Access.Draft.CurrentVersion, Anchor, ProposedText, Rationale, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return RedirectWith(T["Your amendment was proposed. A facilitator will accept or reject it."], $"{DraftUrl}/amendments#amendment-{outcome.Value!.Id}");
        }
        ProposeFieldErrors = FieldErrors(outcome);
        ProposeError = ProposeFieldErrors.Keys.Any(f => f is "proposedText" or "rationale") ? null : outcome.Describe(T);
        ProposeNeedsConfirmation = AsksForConfirmation(outcome);
        SetErrorStatus(outcome);
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAcceptAsync(int amendmentId, CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        var decision = await feedback.CheckAmendmentAsync(amendmentId, User, cancellationToken);
        if (!decision.Allowed || decision.Amendment.DraftId != Access.Draft.Id)
        {
            return RefuseDecision(decision, amendmentId);
        }
        var outcome = await feedback.AcceptAsync(decision.Access, decision.Amendment, User, cancellationToken);
        return RedirectWith(outcome.Succeeded ? T["The amendment was accepted: version {0} contains it.", outcome.Value!.ResultVersion ?? 0] : outcome.Describe(T),
            $"{DraftUrl}/amendments#amendment-{amendmentId}");
    }

    public async Task<IActionResult> OnPostRejectAsync(int amendmentId, CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        var decision = await feedback.CheckAmendmentAsync(amendmentId, User, cancellationToken);
        if (!decision.Allowed || decision.Amendment.DraftId != Access.Draft.Id)
        {
            return RefuseDecision(decision, amendmentId);
        }
        var outcome = await feedback.RejectAsync(decision.Access, decision.Amendment, User, new RejectRequest(Reason, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return RedirectWith(T["The amendment was rejected; the proposer is told why."], $"{DraftUrl}/amendments#amendment-{amendmentId}");
        }
        RejectingId = amendmentId;
        RejectError = outcome.Describe(T);
        RejectNeedsConfirmation = AsksForConfirmation(outcome);
        SetErrorStatus(outcome);
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    /// <summary>The access rule's refusal to decide on an amendment, as this page answers it: a redirect with the reason for a
    /// reader who may not decide, otherwise sign-in or 404 (also for an amendment of another draft than the page's).</summary>
    private IActionResult RefuseDecision(AmendmentDecision decision, int amendmentId) =>
        decision.Decision.Refusal switch
        {
            AccessRefusal.None => NotFound(),
            AccessRefusal.Forbidden => RedirectWith(decision.Decision.Reason, $"{DraftUrl}/amendments#amendment-{amendmentId}"),
            _ => Refusal(decision.Decision) ?? NotFound(),
        };

    /// <summary>A short quote of a paragraph for headings.</summary>
    public static string Excerpt(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
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
