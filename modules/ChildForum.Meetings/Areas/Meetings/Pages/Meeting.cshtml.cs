using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Areas.Meetings.Pages;

/// <summary>A meeting: when and where (in its zone and the reader's), the agenda, the minutes, attendance with its
/// balance, decisions and actions; facilitators' forms for each. Every form works without script.</summary>
[AllowAnonymous]
public sealed class MeetingModel(
    ForumDbContext db, MeetingAccesses accesses, MeetingService meetings, MeetingReader reader, AttendanceService attendance, DecisionService decisions,
    ActionService actions, AgendaLinks links, IGroupMembers groups, IStringLocalizer<MeetingsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    [BindProperty] public string? DecisionText { get; set; }
    [BindProperty] public int? DecisionItem { get; set; }
    [BindProperty] public string? ActionTitle { get; set; }
    [BindProperty] public int? ActionItemId { get; set; }
    [BindProperty] public string? ActionOwner { get; set; }
    [BindProperty] public string? ActionDue { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public MeetingAccess Access { get; private set; } = null!;
    public MeetingDto Meeting { get; private set; } = null!;
    public IReadOnlyList<GroupMemberInfo> Members { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Organisations { get; private set; } = [];
    public Dictionary<int, (string Title, string Url)> Links { get; } = [];
    public Dictionary<string, string> MemberOrganisations { get; private set; } = [];
    public string? DecisionError { get; private set; }
    public Validation? ActionErrors { get; private set; }
    public string? AttendanceError { get; private set; }

    public bool Facilitator => Access.Facilitates;

    /// <summary>The children's-data guard asked the author to confirm a phone number or e-mail address (409).</summary>
    public bool NeedsConfirmation { get; private set; }
    public bool Cancelled => Meeting.Status == MeetingStatuses.Cancelled;
    public string MeetingUrl => $"/groups/{Access.Group.Slug}/meetings/{Access.Meeting.Id}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>Members and facilitators get the buttons of their organisation's actions.</summary>
    public bool MayContribute => AccessRule.Allows(Access.Group, GroupPermissions.Contribute);

    public Task<IActionResult> OnPostPublishAgendaAsync(CancellationToken cancellationToken) =>
        FacilitatorAsync(access => meetings.PublishAgendaAsync(access, cancellationToken), t["The agenda is published; members were told."], cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        FacilitatorAsync(access => meetings.CancelAsync(access, cancellationToken), t["The meeting is cancelled; members were told and calendars will show it."], cancellationToken);

    public async Task<IActionResult> OnPostAttendanceAsync(CancellationToken cancellationToken)
    {
        if (await RefusalAsync(GroupPermissions.Facilitate, cancellationToken) is { } denied)
        {
            return denied;
        }
        var members = await groups.GetMembersAsync(Access.Meeting.GroupId, cancellationToken);
        var list = members.Select(m => new AttendanceRequest(m.UserId, Request.Form[$"attendance-{m.UserId}"].ToString()))
            .Where(a => !string.IsNullOrEmpty(a.Status)).ToList();
        var outcome = await attendance.SetAttendanceAsync(Access, list, cancellationToken);
        if (outcome.Succeeded)
        {
            return Done(t["Attendance is recorded."], "#attendance");
        }
        AttendanceError = outcome.Describe(t);
        return await FailedAsync(outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostDecisionAsync(CancellationToken cancellationToken)
    {
        if (await RefusalAsync(GroupPermissions.Facilitate, cancellationToken) is { } denied)
        {
            return denied;
        }
        var outcome = await decisions.AddDecisionAsync(Access, User, new DecisionRequest(DecisionItem, DecisionText, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return Done(t["The decision is recorded."], "#decisions");
        }
        DecisionError = outcome.Describe(t);
        return await FailedAsync(outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostActionAsync(CancellationToken cancellationToken)
    {
        if (await RefusalAsync(GroupPermissions.Facilitate, cancellationToken) is { } denied)
        {
            return denied;
        }
        string? user = null;
        int? organisation = null;
        if (ActionOwner?.StartsWith("user:", StringComparison.Ordinal) == true)
        {
            user = ActionOwner[5..];
        }
        else if (ActionOwner?.StartsWith("org:", StringComparison.Ordinal) == true && int.TryParse(ActionOwner[4..], out var id))
        {
            organisation = id;
        }
        var outcome = await actions.AddActionAsync(Access, User, new ActionRequest(ActionItemId, ActionTitle, user, organisation, ActionDue, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return Done(t["The action is recorded."], $"#action-{outcome.Value!.Id}");
        }
        ActionErrors = outcome.Validation ?? new Validation().Add("title", outcome.Describe(t));
        return await FailedAsync(outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostActionStatusAsync(int actionId, string? status, CancellationToken cancellationToken)
    {
        if (!await LoadAccessAsync(cancellationToken))
        {
            return NotFound();
        }
        var outcome = await actions.SetActionStatusAsync(actionId, User, new ActionStatusRequest(status), cancellationToken);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }
        TempData["StatusMessage"] = outcome.Succeeded ? t["The action is marked {0}.", MeetingLabels.ActionStatus(outcome.Value!.Status, t)].Value : outcome.Describe(t);
        return Redirect($"{MeetingUrl}#action-{actionId}");
    }

    /// <summary>The error for a field of the action form (already in the page's language).</summary>
    public string? ActionError(string field) =>
        ActionErrors?.ToDictionary(t).TryGetValue(field, out var errors) == true ? string.Join(" ", errors) : null;

    private async Task<IActionResult> FacilitatorAsync<T>(Func<MeetingAccess, Task<Outcome<T>>> change, string success, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(GroupPermissions.Facilitate, cancellationToken) is { } denied)
        {
            return denied;
        }
        var outcome = await change(Access);
        TempData["StatusMessage"] = outcome.Succeeded ? success : outcome.Describe(t);
        return Redirect(MeetingUrl);
    }

    private IActionResult Done(string message, string fragment)
    {
        TempData["StatusMessage"] = message;
        return Redirect(MeetingUrl + fragment);
    }

    private async Task<IActionResult> FailedAsync<T>(Outcome<T> outcome, CancellationToken cancellationToken)
    {
        NeedsConfirmation = outcome.Extensions?.GetValueOrDefault("code") as string == PersonalDataGuard.ConfirmationCode;
        Response.StatusCode = outcome.Status switch
        {
            OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
            OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<IActionResult?> RefusalAsync(GroupPermission permission, CancellationToken cancellationToken)
    {
        var decision = await accesses.CheckAsync(Id, User, permission, cancellationToken);
        if (decision.Access is null || !string.Equals(decision.Access.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        Access = decision.Access;
        return decision.Decision.Refusal switch
        {
            AccessRefusal.None => null,
            AccessRefusal.SignInRequired => Challenge(),
            _ => Forbid(),
        };
    }

    private async Task<bool> LoadAccessAsync(CancellationToken cancellationToken) => await RefusalAsync(GroupPermissions.Read, cancellationToken) is null;

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAccessAsync(cancellationToken))
        {
            return false;
        }
        Meeting = await reader.GetAsync(Access, cancellationToken);
        foreach (var item in Meeting.Agenda ?? [])
        {
            if (item.DraftId is { } draft && await links.LinkAsync("draft", draft, Access.Group, cancellationToken) is { } d)
            {
                Links[item.Id] = d;
            }
            else if (item.ThreadId is { } thread && await links.LinkAsync("thread", thread, Access.Group, cancellationToken) is { } th)
            {
                Links[item.Id] = th;
            }
        }
        if (Facilitator)
        {
            Members = (await groups.GetMembersAsync(Access.Meeting.GroupId, cancellationToken)).OrderBy(m => m.DisplayName, StringComparer.CurrentCulture).ToList();
            var ids = Members.Select(m => m.UserId).ToList();
            var rows = await db.Users.Where(u => ids.Contains(u.Id))
                .Join(db.Organisations, u => u.OrganisationId, o => o.Id, (u, o) => new { u.Id, OrganisationId = o.Id, o.Name }).ToListAsync(cancellationToken);
            MemberOrganisations = rows.ToDictionary(r => r.Id, r => r.Name);
            Organisations = rows.Select(r => (r.OrganisationId, r.Name)).Distinct().OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();
        }
        return true;
    }
}

public sealed record AgendaItemSelect(IReadOnlyList<AgendaItemDto> Items, int? Selected, string Name);
