using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Areas.Meetings.Pages;

/// <summary>Scheduling a meeting (<c>/groups/{slug}/meetings/new</c>) and changing it (<c>…/{id}/edit</c>): details and agenda rows.</summary>
[Authorize]
public sealed class ScheduleModel(AccessRule rule, MeetingAccesses accesses, MeetingService meetings, MeetingReader reader, IStringLocalizer<MeetingsResource> t) : PageModel
{
    public const int BlankRows = 4;

    public static readonly IReadOnlyList<string> Zones = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Tokyo", "Europe/Copenhagen", "Europe/Stockholm", "Europe/London", "America/New_York", "UTC"];

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? StartsAt { get; set; }
    [BindProperty] public string? EndsAt { get; set; }
    [BindProperty] public string? TimeZone { get; set; } = "Asia/Shanghai";
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? OnlineUrl { get; set; }
    [BindProperty] public List<AgendaRow> Agenda { get; set; } = [];
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public GroupAccess Group { get; private set; } = null!;
    public MeetingAccess? Existing { get; private set; }
    public Validation? Errors { get; private set; }
    public string? Problem { get; private set; }
    public bool NeedsConfirmation { get; private set; }

    public bool IsNew => Id is null;

    public sealed class AgendaRow
    {
        public string? Title { get; set; }
        public string? Presenter { get; set; }
        public int? DurationMinutes { get; set; }
        public string? Notes { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Presenter) && DurationMinutes is null && string.IsNullOrWhiteSpace(Notes);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        if (Existing is { } access)
        {
            var meeting = await reader.GetAsync(access, cancellationToken);
            Title = meeting.Title;
            StartsAt = meeting.StartsAt.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            EndsAt = meeting.EndsAt.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            TimeZone = meeting.TimeZone;
            Location = meeting.Location;
            OnlineUrl = meeting.OnlineUrl;
            Agenda = (meeting.Agenda ?? []).Where(i => !i.ReviewsActions)
                .Select(i => new AgendaRow { Title = i.Title, Presenter = i.Presenter, DurationMinutes = i.DurationMinutes, Notes = i.Notes }).ToList();
        }
        Agenda.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new AgendaRow()));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        var rows = Agenda.Where(r => !r.IsBlank).ToList();
        var agenda = rows.Select(r => new AgendaItemRequest(r.Title, r.Presenter, r.DurationMinutes, null, r.Notes, null)).ToList();
        var outcome = Existing is { } access
            ? await meetings.UpdateAsync(access, User, new UpdateMeetingRequest(Title, StartsAt, EndsAt, TimeZone, Location ?? "", OnlineUrl ?? "", agenda, ConfirmPersonalData), cancellationToken)
            : await meetings.CreateAsync(Group, User, new CreateMeetingRequest(Title, StartsAt, EndsAt, TimeZone, Location, OnlineUrl, agenda, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            TempData["StatusMessage"] = (IsNew ? t["The meeting is scheduled. Publish the agenda when it is ready."] : t["The meeting is changed."]).Value;
            return Redirect($"/groups/{Group.Slug}/meetings/{outcome.Value!.Id}");
        }
        Errors = outcome.Validation;
        Problem = outcome.Status == OutcomeStatus.Invalid ? null : outcome.Describe(t);
        NeedsConfirmation = outcome.Extensions?.GetValueOrDefault("code") as string == PersonalDataGuard.ConfirmationCode;
        Response.StatusCode = outcome.Status == OutcomeStatus.Conflict ? 409 : 400;
        Agenda = rows;
        Agenda.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new AgendaRow()));
        return Page();
    }

    /// <summary>The error for a field (the service's names, e.g. "startsAt" or "agenda[0].title"), in the page's language.</summary>
    public string? Error(string field) => Errors?.ToDictionary(t).TryGetValue(field, out var errors) == true ? string.Join(" ", errors) : null;

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var decision = Slug.Length > 64 ? null : await rule.CheckAsync(User, Slug, GroupPermissions.Facilitate, cancellationToken);
        if (decision?.Access is not { } group || !string.Equals(group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        Group = group;
        if (Id is { } id)
        {
            var meeting = await accesses.CheckAsync(id, User, GroupPermissions.Facilitate, cancellationToken);
            if (meeting.Access is null || meeting.Access.Meeting.GroupId != group.GroupId)
            {
                return NotFound();
            }
            Existing = meeting.Access;
        }
        return decision.Allowed ? null : Forbid();
    }
}
