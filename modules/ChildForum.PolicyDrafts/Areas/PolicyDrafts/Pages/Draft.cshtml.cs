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

/// <summary>The draft reader: the text of one version with each paragraph's comments in the margin,
/// comments on earlier text, the organisations' positions, and forms for members and facilitators.
/// Everything works as plain forms; no script is needed.</summary>
[AllowAnonymous]
public sealed class DraftModel(DraftService drafts, FeedbackService feedback, DraftReader reader, IStringLocalizer<PolicyDraftsResource> t) : DraftPage(drafts, t)
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }

    [BindProperty] public string? CommentBody { get; set; }
    [BindProperty] public string? Anchor { get; set; }
    [BindProperty] public int? ReplyToId { get; set; }
    [BindProperty] public string? Stance { get; set; }
    [BindProperty] public string? Statement { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public DraftDto Draft { get; private set; } = null!;
    public DraftDocument Document { get; private set; } = null!;
    public IReadOnlyList<VersionSummaryDto> Versions { get; private set; } = [];
    public IReadOnlyList<CommentDto> Comments { get; private set; } = [];
    public ILookup<string, CommentDto> CommentsByAnchor { get; private set; } = Array.Empty<CommentDto>().ToLookup(c => c.Anchor);
    public IReadOnlyList<PositionDto> Positions { get; private set; } = [];
    public PositionSummaryDto Summary { get; private set; } = null!;
    /// <summary>The number of open amendments per paragraph anchor.</summary>
    public IReadOnlyDictionary<string, int> OpenAmendments { get; private set; } = new Dictionary<string, int>();
    public PositionDto? MyPosition { get; private set; }
    public string? MyOrganisation { get; private set; }

    /// <summary>Set when a comment could not be stored: shown next to that paragraph's form.</summary>
    public string? CommentError { get; private set; }
    public string? PositionError { get; private set; }

    /// <summary>The comment or statement has a phone number or e-mail address: the form offers to confirm it.</summary>
    public bool CommentNeedsConfirmation { get; private set; }
    public bool PositionNeedsConfirmation { get; private set; }

    public bool IsNewest => Draft.Version == Draft.CurrentVersion;
    public bool IsOpen => !DraftStatuses.IsClosed(Draft.Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadDraftAsync(cancellationToken) && await ReadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Require(GroupPermissions.Contribute) is { } denied)
        {
            return denied;
        }
        var outcome = await feedback.CommentAsync(Access, User, new CommentRequest(Version ?? Access.Draft.CurrentVersion, Anchor, CommentBody, ReplyToId, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return RedirectWith(T["Your comment was added."], $"{DraftUrl}{VersionQuery()}#comment-{outcome.Value!.Id}");
        }
        CommentError = outcome.Describe(T);
        CommentNeedsConfirmation = AsksForConfirmation(outcome);
        SetErrorStatus(outcome);
        return await ReadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPositionAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Require(GroupPermissions.Contribute) is { } denied)
        {
            return denied;
        }
        var outcome = await feedback.StatePositionAsync(Access, User, new PositionRequest(Stance, Statement, Version, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return RedirectWith(T["Your organisation's position was recorded."], $"{DraftUrl}{VersionQuery()}#positions");
        }
        PositionError = outcome.Describe(T);
        PositionNeedsConfirmation = AsksForConfirmation(outcome);
        SetErrorStatus(outcome);
        return await ReadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostStatusAsync(string? status, CancellationToken cancellationToken)
    {
        if (!await LoadDraftAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Require(GroupPermissions.Facilitate) is { } denied)
        {
            return denied;
        }
        var outcome = await Drafts.SetStatusAsync(Access, new StatusRequest(status), cancellationToken);
        return RedirectWith(outcome.Succeeded ? T["The draft is now {0}.", DraftLabels.Status(outcome.Value!.Status, T)] : outcome.Describe(T), DraftUrl);
    }

    /// <summary>The moves a facilitator can make from the current status.</summary>
    public IEnumerable<string> NextStatuses => DraftStatuses.All.Where(s => DraftStatuses.CanMove(Draft.Status, s));

    /// <summary>Back to the version being read (nothing for the newest).</summary>
    public string VersionQuery() => Version is { } version && version != Access.Draft.CurrentVersion ? $"?version={version}" : "";

    /// <summary>Roots first, each followed by its replies (oldest first).</summary>
    public static IEnumerable<(CommentDto Comment, bool IsReply)> Threaded(IEnumerable<CommentDto> comments)
    {
        var list = comments.ToList();
        var ids = list.Select(c => c.Id).ToHashSet();
        foreach (var root in list.Where(c => c.ReplyToId is null || !ids.Contains(c.ReplyToId.Value)))
        {
            yield return (root, false);
            foreach (var reply in Descendants(list, root.Id))
            {
                yield return (reply, true);
            }
        }
    }

    private static IEnumerable<CommentDto> Descendants(List<CommentDto> all, int id)
    {
        foreach (var child in all.Where(c => c.ReplyToId == id))
        {
            yield return child;
            foreach (var grandchild in Descendants(all, child.Id))
            {
                yield return grandchild;
            }
        }
    }

    /// <summary>Reads what the page shows of the draft loaded (by a GET, or by a form that was refused: it changed nothing).</summary>
    private async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(Access.Draft, Version, User.GetUserId(), cancellationToken) is not { } reading)
        {
            return false;
        }
        (Draft, Document, Versions, Comments, Positions, OpenAmendments) =
            (reading.Draft, reading.Document, reading.Versions, reading.Comments, reading.Positions, reading.OpenAmendments);
        CommentsByAnchor = Comments.Where(c => !c.Outdated).ToLookup(c => c.Anchor);
        Summary = FeedbackService.Summarise(Positions);
        MyOrganisation = reading.MyOrganisation?.Name;
        MyPosition = Positions.FirstOrDefault(p => p.Organisation.Id == reading.MyOrganisation?.Id);
        return true;
    }
}
