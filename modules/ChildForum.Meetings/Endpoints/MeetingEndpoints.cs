using System.Security.Claims;
using System.Text;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Endpoints;

/// <summary>What most meeting handlers need, bound once with <c>[AsParameters]</c>.</summary>
public sealed record MeetingHandlerServices(MeetingAccesses Accesses, MeetingService Meetings, MinutesService Minutes, AccessRule Rule, IStringLocalizer<MeetingsResource> T);

/// <summary>What the handlers that read, or record attendance, decisions and actions need, bound with <c>[AsParameters]</c>.</summary>
public sealed record MeetingRecordServices(
    MeetingAccesses Accesses, MeetingReader Reader, AttendanceService Attendance, DecisionService Decisions, ActionService Actions, AccessRule Rule, IStringLocalizer<MeetingsResource> T);

/// <summary>The contract's Meetings routes, plus editing and cancelling a meeting, earlier minutes and the personal
/// calendar key (docs/api-extensions.md). Every handler asks the core <see cref="AccessRule"/> first.</summary>
public static class MeetingEndpoints
{
    private const string Calendar = "text/calendar; charset=utf-8";

    public static void MapMeetingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var groups = endpoints.MapApi("/groups").WithTags("Meetings");
        groups.MapGet("/{group}/meetings", ListMeetings)
            .WithName("ListMeetings")
            .WithDescription("The group's meetings, earliest first.");
        groups.MapPost("/{group}/meetings", CreateMeeting)
            .RequireAuthorization()
            .WithName("CreateMeeting")
            .WithDescription("Facilitators. startsAt/endsAt with an offset are instants; without one they are wall-clock times in timeZone (an IANA name). Texts go through the children's-data guard (confirmPersonalData).");
        groups.MapGet("/{group}/actions", ListGroupActions)
            .WithName("ListGroupActions")
            .WithDescription("The group's action items, earliest due first; ?status=open|done|dropped.");
        groups.MapGet("/{group}/calendar.ics", GroupCalendar)
            .WithName("GroupCalendar")
            .WithDescription("iCalendar feed of the group's meetings. Members-only groups: signed in, or ?key= (the member's secret feed key).");

        var meetings = endpoints.MapApi("/meetings").WithTags("Meetings");
        meetings.MapGet("/{id:int}", GetMeeting)
            .WithName("GetMeeting")
            .WithDescription("agenda is null until published (facilitators always see it); minutes are the published version, and for facilitators also the draft. Under chatham-house, readers get people only as stakeholder types.");
        meetings.MapPatch("/{id:int}", UpdateMeeting)
            .RequireAuthorization()
            .WithName("UpdateMeeting")
            .WithDescription("Facilitators; fields left out stay. agenda, when given, replaces the written items. A cancelled meeting → 409.");
        meetings.MapPost("/{id:int}/cancel", CancelMeeting)
            .RequireAuthorization()
            .WithName("CancelMeeting");
        meetings.MapPost("/{id:int}/agenda/publish", PublishAgenda)
            .RequireAuthorization()
            .WithName("PublishAgenda")
            .WithDescription("Facilitators. Notifies the members. Already published → 409.");
        meetings.MapPut("/{id:int}/minutes", SaveMinutes)
            .RequireAuthorization()
            .WithName("SaveMinutes")
            .WithDescription("Facilitators save the draft; readers see nothing of it until it is published. Mark a speaker with @ and their display name. warnings lists names written in plain words (under chatham-house they are replaced by stakeholder types when published).");
        meetings.MapPost("/{id:int}/minutes/publish", PublishMinutes)
            .RequireAuthorization()
            .WithName("PublishMinutes")
            .WithDescription("Facilitators. A new version when the draft changed since the last one; unchanged → 409. A named draft of a meeting under Chatham House → 409 (code chatham-house) unless the body is {\"returnToNamed\": true}.");
        meetings.MapGet("/{id:int}/minutes/versions/{number:int}", GetMinutesVersion)
            .WithName("GetMinutesVersion")
            .WithDescription("A published version. Named versions of a meeting now under Chatham House are 404 to readers; facilitators get them with withheldFromReaders: true.");
        meetings.MapPut("/{id:int}/attendance", SetAttendance)
            .RequireAuthorization()
            .WithName("SetAttendance")
            .WithDescription("Facilitators replace the attendance list; every userId must be a member of the group.");
        meetings.MapPost("/{id:int}/decisions", AddDecision)
            .RequireAuthorization()
            .WithName("AddDecision");
        meetings.MapPost("/{id:int}/actions", AddAction)
            .RequireAuthorization()
            .WithName("AddAction")
            .WithDescription("Facilitators. Exactly one of ownerUserId (a member) or ownerOrganisationId; dueDate yyyy-MM-dd.");
        meetings.MapGet("/{id:int}/calendar.ics", MeetingCalendar)
            .WithName("MeetingCalendar")
            .WithDescription("One meeting as an iCalendar file (the same UID in every version of it).");

        endpoints.MapApi("/actions").WithTags("Meetings")
            .MapPatch("/{id:int}", SetActionStatus)
            .RequireAuthorization()
            .WithName("SetActionStatus")
            .WithDescription("The owner (the person, or a member of the owning organisation) or a facilitator.");

        var key = endpoints.MapApi("/calendar").WithTags("Meetings");
        key.MapPost("/key", CreateCalendarKey)
            .RequireAuthorization()
            .WithName("CreateCalendarKey")
            .WithDescription("A new secret key for calendar feeds (the earlier one stops working). Shown once; only its hash is stored. It stops working when the person's sessions end (locked, password changed).");
        key.MapDelete("/key", RevokeCalendarKey)
            .RequireAuthorization()
            .WithName("RevokeCalendarKey");
    }

    // ---- Groups' meetings, actions and feeds ----

    public static async Task<Results<Ok<IReadOnlyList<MeetingSummaryDto>>, ProblemHttpResult>> ListMeetings(
        string group, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct)
    {
        var decision = await s.Rule.CheckAsync(user, group, GroupPermissions.Read, ct);
        return decision.Allowed ? TypedResults.Ok(await s.Reader.ListAsync(decision.Group, ct)) : decision.ToProblem();
    }

    public static async Task<Results<Created<MeetingDto>, ValidationProblem, ProblemHttpResult>> CreateMeeting(
        string group, CreateMeetingRequest request, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Rule.CheckAsync(user, group, GroupPermissions.Facilitate, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await s.Meetings.CreateAsync(decision.Group, user, request, ct);
        return outcome.ToCreated(meeting => $"/api/v1/meetings/{meeting.Id}", s.T);
    }

    public static async Task<Results<Ok<IReadOnlyList<ActionDto>>, ValidationProblem, ProblemHttpResult>> ListGroupActions(
        string group, string? status, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct)
    {
        var decision = await s.Rule.CheckAsync(user, group, GroupPermissions.Read, ct);
        return decision.Allowed ? (await s.Reader.GroupActionsAsync(decision.Group, user, status, ct)).ToOk(s.T) : decision.ToProblem();
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GroupCalendar(
        string group, string? key, HttpContext http, AccessRule rule, CalendarService calendar, CancellationToken ct)
    {
        var user = await CalendarUserAsync(http, key, calendar, ct);
        if (user is null)
        {
            return rule.Check(http.User, null, GroupPermissions.Read).ToProblem();
        }
        var decision = await rule.CheckAsync(user, group, GroupPermissions.Read, ct);
        return decision.Allowed ? TypedResults.Text(await calendar.GroupFeedAsync(decision.Group, BaseUrl(http), ct), Calendar) : decision.ToProblem();
    }

    // ---- One meeting ----

    public static async Task<Results<Ok<MeetingDto>, ProblemHttpResult>> GetMeeting(int id, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        return decision.Allowed ? TypedResults.Ok(await s.Reader.GetAsync(decision.Access, ct)) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<MeetingDto>, ValidationProblem, ProblemHttpResult>> UpdateMeeting(
        int id, UpdateMeetingRequest request, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Meetings.UpdateAsync(decision.Access, user, request, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<MeetingDto>, ValidationProblem, ProblemHttpResult>> CancelMeeting(int id, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Meetings.CancelAsync(decision.Access, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<MeetingDto>, ValidationProblem, ProblemHttpResult>> PublishAgenda(int id, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Meetings.PublishAgendaAsync(decision.Access, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<MinutesDraftDto>, ValidationProblem, ProblemHttpResult>> SaveMinutes(
        int id, MinutesRequest request, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Minutes.SaveAsync(decision.Access, user, request, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    /// <summary>The body is optional: <c>{"returnToNamed": true}</c> only to leave Chatham House on purpose.</summary>
    public static async Task<Results<Ok<MinutesDto>, ValidationProblem, ProblemHttpResult>> PublishMinutes(
        int id, [FromBody] PublishMinutesRequest? request, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Minutes.PublishAsync(decision.Access, user, request?.ReturnToNamed == true, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<MinutesDto>, ValidationProblem, ProblemHttpResult>> GetMinutesVersion(
        int id, int number, ClaimsPrincipal user, [AsParameters] MeetingHandlerServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        return decision.Allowed ? (await s.Minutes.VersionAsync(decision.Access, number, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Ok<AttendanceDto>, ValidationProblem, ProblemHttpResult>> SetAttendance(
        int id, IReadOnlyList<AttendanceRequest>? request, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Attendance.SetAttendanceAsync(decision.Access, request, ct)).ToOk(s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Created<DecisionDto>, ValidationProblem, ProblemHttpResult>> AddDecision(
        int id, DecisionRequest request, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Decisions.AddDecisionAsync(decision.Access, user, request, ct)).ToCreated($"/api/v1/meetings/{id}", s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<Created<ActionDto>, ValidationProblem, ProblemHttpResult>> AddAction(
        int id, ActionRequest request, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct)
    {
        var decision = await s.Accesses.CheckAsync(id, user, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? (await s.Actions.AddActionAsync(decision.Access, user, request, ct)).ToCreated($"/api/v1/meetings/{id}", s.T) : decision.Decision.ToProblem();
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> MeetingCalendar(
        int id, string? key, HttpContext http, MeetingAccesses accesses, AccessRule rule, CalendarService calendar, CancellationToken ct)
    {
        var user = await CalendarUserAsync(http, key, calendar, ct);
        if (user is null)
        {
            return rule.Check(http.User, null, GroupPermissions.Read, "meeting").ToProblem();
        }
        var decision = await accesses.CheckAsync(id, user, GroupPermissions.Read, ct);
        if (!decision.Allowed)
        {
            return decision.Decision.ToProblem();
        }
        var file = await calendar.MeetingFileAsync(decision.Access, BaseUrl(http), ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(file), Calendar, $"meeting-{id}.ics");
    }

    public static async Task<Results<Ok<ActionDto>, ValidationProblem, ProblemHttpResult>> SetActionStatus(
        int id, ActionStatusRequest request, ClaimsPrincipal user, [AsParameters] MeetingRecordServices s, CancellationToken ct) =>
        (await s.Actions.SetActionStatusAsync(id, user, request, ct)).ToOk(s.T);

    // ---- The personal calendar key ----

    public static async Task<Created<CalendarKeyDto>> CreateCalendarKey(ClaimsPrincipal user, HttpContext http, AccessRule rule, CalendarService calendar, CancellationToken ct)
    {
        var secret = await calendar.CreateKeyAsync(user, ct);
        var feeds = (await rule.ReadableGroupsAsync(user, ct))
            .Select(g => new CalendarFeedDto(g.GroupId, g.Slug, g.Name, $"{BaseUrl(http)}/api/v1/groups/{g.Slug}/calendar.ics?key={secret}")).ToList();
        return TypedResults.Created((string?)null, new CalendarKeyDto(secret, feeds));
    }

    public static async Task<NoContent> RevokeCalendarKey(ClaimsPrincipal user, CalendarService calendar, CancellationToken ct)
    {
        await calendar.RevokeKeyAsync(user, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The caller of a calendar route: the feed key's owner when a key is given (an unknown key is nobody),
    /// otherwise whoever is signed in (or anonymous, for public groups).</summary>
    private static async Task<ClaimsPrincipal?> CalendarUserAsync(HttpContext http, string? key, CalendarService calendar, CancellationToken ct) =>
        key is null ? http.User : await calendar.PrincipalForKeyAsync(key, ct);

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";
}
