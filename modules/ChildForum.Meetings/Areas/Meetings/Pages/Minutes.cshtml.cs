using ChildForum.Core.Http;
using ChildForum.Core.Markdown;
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

/// <summary>The minutes editor: attribution, the draft with @-mentions of speakers, warnings about names written
/// in plain words, a preview of exactly what readers will get, save and publish.</summary>
[Authorize]
public sealed class MinutesModel(MeetingAccesses accesses, MeetingReader reader, PeopleViews people, MinutesService minutes, IStringLocalizer<MeetingsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Attribution { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }
    [BindProperty] public bool ReturnToNamed { get; set; }

    public MeetingAccess Access { get; private set; } = null!;
    public MeetingDto Meeting { get; private set; } = null!;
    public IReadOnlyList<Participant> Participants { get; private set; } = [];
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    public string? PreviewHtml { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The children's-data guard's refusal, shown next to the text.</summary>
    public string? BodyError { get; private set; }
    public bool NeedsConfirmation { get; private set; }

    /// <summary>Readers get this meeting under Chatham House (a Chatham House version is published).</summary>
    public bool UnderChathamHouse => Access.Meeting.Attribution == Attributions.ChathamHouse;

    public string MeetingUrl => $"/groups/{Access.Group.Slug}/meetings/{Access.Meeting.Id}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        var draft = Meeting.Minutes?.Draft;
        Body = draft?.Body ?? Attributor.Skeleton((Meeting.Agenda ?? []).Select(i => i.ReviewsActions ? t["Review of open actions"].Value : i.Title));
        Attribution = draft?.Attribution ?? Meeting.Attribution;
        Warnings = draft?.Warnings ?? [];
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        try
        {
            PreviewHtml = await minutes.PreviewAsync(Access.Meeting, Body ?? "", Attribution ?? Attributions.Named, cancellationToken);
        }
        catch (MarkdownTooComplexException e)
        {
            Error = e.ToValidation("body").ToDictionary(t)["body"][0];
        }
        Warnings = Attribution == Attributions.ChathamHouse ? new Attributor(Participants).Warnings(Body ?? "") : [];
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken) => SaveAsync(publish: false, cancellationToken);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken) => SaveAsync(publish: true, cancellationToken);

    private async Task<IActionResult> SaveAsync(bool publish, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        var saved = await minutes.SaveAsync(Access, User, new MinutesRequest(Body, Attribution, ConfirmPersonalData), cancellationToken);
        if (!saved.Succeeded)
        {
            return Failed(saved);
        }
        if (!publish)
        {
            TempData["StatusMessage"] = t["The draft is saved. Only facilitators can see it."].Value;
            return Redirect(MeetingUrl + "/minutes");
        }
        var published = await minutes.PublishAsync(Access, User, ReturnToNamed, cancellationToken);
        if (!published.Succeeded)
        {
            return Failed(published);
        }
        TempData["StatusMessage"] = t["Version {0} of the minutes is published; members were told.", published.Value!.Version ?? 1].Value;
        return Redirect(MeetingUrl + "#minutes");
    }

    private PageResult Failed<T>(Outcome<T> outcome)
    {
        var code = outcome.Extensions?.GetValueOrDefault("code") as string;
        NeedsConfirmation = code == PersonalDataGuard.ConfirmationCode;
        if (code is PersonalDataGuard.ConfirmationCode or PersonalDataGuard.IdNumberCode || outcome.Validation?.ToDictionary().ContainsKey("body") == true)
        {
            BodyError = outcome.Describe(t);
        }
        else
        {
            Error = outcome.Describe(t);
        }
        Warnings = Attribution == Attributions.ChathamHouse ? new Attributor(Participants).Warnings(Body ?? "") : [];
        Response.StatusCode = outcome.Status == OutcomeStatus.Conflict ? 409 : 400;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var decision = await accesses.CheckAsync(Id, User, GroupPermissions.Facilitate, cancellationToken);
        if (decision.Access is null || !string.Equals(decision.Access.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        Access = decision.Access;
        if (!decision.Allowed)
        {
            return Forbid();
        }
        Meeting = await reader.GetAsync(Access, cancellationToken);
        Participants = (await people.ParticipantsAsync(Access.Meeting, cancellationToken)).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).ToList();
        return null;
    }
}
