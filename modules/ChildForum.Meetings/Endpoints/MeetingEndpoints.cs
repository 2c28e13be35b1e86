using System.Security.Claims;
using System.Text;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Endpoints;

/// <summary>The contract's Meetings routes, plus editing and cancelling a meeting, earlier minutes and the personal
/// calendar key (docs/api-extensions.md).</summary>
public static class MeetingEndpoints
{
    private const string Calendar = "text/calendar; charset=utf-8";

    public static void MapMeetingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var groups = endpoints.MapApi("/groups").WithTags("Meetings");

        groups.MapGet("/{group}/meetings", async (string group, ClaimsPrincipal user, GroupAuthorizer authorizer, MeetingService meetings, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Read, ct);
                return auth.Allowed ? TypedResults.Ok(await meetings.ListAsync(auth.Access!.GroupId, ct)) : auth.Denial!;
            })
            .WithName("ListMeetings")
            .WithDescription("The group's meetings, earliest first.")
            .Produces<IReadOnlyList<MeetingSummaryDto>>();

        groups.MapPost("/{group}/meetings", async (string group, CreateMeetingRequest request, ClaimsPrincipal user, GroupAuthorizer authorizer, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Facilitate, ct);
                if (!auth.Allowed)
                {
                    return auth.Denial!;
                }
                var outcome = await meetings.CreateAsync(auth.Access!, user, request, ct);
                return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/meetings/{outcome.Value!.Id}" : null, t);
            })
            .RequireAuthorization()
            .WithName("CreateMeeting")
            .WithDescription("Facilitators. startsAt/endsAt with an offset are instants; without one they are wall-clock times in timeZone (an IANA name).")
            .Produces<MeetingDto>(StatusCodes.Status201Created);

        groups.MapGet("/{group}/actions", async (string group, string? status, ClaimsPrincipal user, GroupAuthorizer authorizer, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
            {
                var auth = await authorizer.AuthorizeAsync(user, group, GroupPermissions.Read, ct);
                return auth.Allowed ? (await meetings.GroupActionsAsync(auth.Access!, user, status, ct)).ToHttpResult(localizer: t) : auth.Denial!;
            })
            .WithName("ListGroupActions")
            .WithDescription("The group's action items, earliest due first; ?status=open|done|dropped.")
            .Produces<IReadOnlyList<ActionDto>>();

        groups.MapGet("/{group}/calendar.ics", async Task<IResult> (string group, string? key, HttpContext http, IGroupAccessResolver resolver, CalendarService calendar, CancellationToken ct) =>
            {
                var user = await CalendarUserAsync(http, key, calendar, ct);
                var access = user is null ? null : await resolver.GetByIdOrSlugAsync(group, user, ct);
                if (access is null || !access.CanRead)
                {
                    return ApiProblems.NotFound("group");
                }
                return TypedResults.Text(await calendar.GroupFeedAsync(access, BaseUrl(http), ct), Calendar);
            })
            .WithName("GroupCalendar")
            .WithDescription("iCalendar feed of the group's meetings. Members-only groups: signed in, or ?key= (the member's secret feed key).");

        var meetingsApi = endpoints.MapApi("/meetings").WithTags("Meetings");

        meetingsApi.MapGet("/{id:int}", (int id, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, meetings, t, ct, async access => TypedResults.Ok(await meetings.GetAsync(access, ct))))
            .WithName("GetMeeting")
            .WithDescription("agenda is null until published (facilitators always see it); minutes are the published version, and for facilitators also the draft. Under chatham-house, readers get people only as stakeholder types.")
            .Produces<MeetingDto>();

        meetingsApi.MapPatch("/{id:int}", (int id, UpdateMeetingRequest request, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access => (await meetings.UpdateAsync(access, request, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("UpdateMeeting")
            .WithDescription("Facilitators; fields left out stay. agenda, when given, replaces the written items. A cancelled meeting → 409.")
            .Produces<MeetingDto>();

        meetingsApi.MapPost("/{id:int}/cancel", (int id, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access => (await meetings.CancelAsync(access, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("CancelMeeting")
            .Produces<MeetingDto>();

        meetingsApi.MapPost("/{id:int}/agenda/publish", (int id, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access => (await meetings.PublishAgendaAsync(access, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("PublishAgenda")
            .WithDescription("Facilitators. Notifies the members. Already published → 409.")
            .Produces<MeetingDto>();

        meetingsApi.MapPut("/{id:int}/minutes", (int id, MinutesRequest request, ClaimsPrincipal user, MeetingService meetings, MinutesService minutes, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access => (await minutes.SaveAsync(access, user, request, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("SaveMinutes")
            .WithDescription("Facilitators save the draft. Mark a speaker with @ and their display name. warnings lists names written in plain words (under chatham-house they are replaced by stakeholder types when published).")
            .Produces<MinutesDraftDto>();

        meetingsApi.MapPost("/{id:int}/minutes/publish", (int id, ClaimsPrincipal user, MeetingService meetings, MinutesService minutes, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access => (await minutes.PublishAsync(access, user, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("PublishMinutes")
            .WithDescription("Facilitators. A new version when the draft changed since the last one; unchanged → 409.")
            .Produces<MinutesDto>();

        meetingsApi.MapGet("/{id:int}/minutes/versions/{number:int}", (int id, int number, ClaimsPrincipal user, MeetingService meetings, MinutesService minutes, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Read, meetings, t, ct, async access =>
                {
                    var version = await minutes.VersionAsync(access.Meeting, number, ct);
                    return version.Succeeded
                        ? TypedResults.Ok(new MinutesDto(version.Value!.Number, version.Value.Body, version.Value.Html, version.Value.Attribution, version.Value.Language, MeetingService.Utc(version.Value.PublishedAt), [], null))
                        : version.ToHttpResult(localizer: t);
                }))
            .WithName("GetMinutesVersion")
            .Produces<MinutesDto>();

        meetingsApi.MapPut("/{id:int}/attendance", (int id, IReadOnlyList<AttendanceRequest>? request, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access => (await meetings.SetAttendanceAsync(access, request, ct)).ToHttpResult(localizer: t)))
            .RequireAuthorization()
            .WithName("SetAttendance")
            .WithDescription("Facilitators replace the attendance list; every userId must be a member of the group.")
            .Produces<AttendanceDto>();

        meetingsApi.MapPost("/{id:int}/decisions", (int id, DecisionRequest request, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access =>
                {
                    var outcome = await meetings.AddDecisionAsync(access, user, request, ct);
                    return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/meetings/{id}" : null, t);
                }))
            .RequireAuthorization()
            .WithName("AddDecision")
            .Produces<DecisionDto>(StatusCodes.Status201Created);

        meetingsApi.MapPost("/{id:int}/actions", (int id, ActionRequest request, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                WithAccess(id, user, GroupPermissions.Facilitate, meetings, t, ct, async access =>
                {
                    var outcome = await meetings.AddActionAsync(access, request, ct);
                    return outcome.ToHttpResult(outcome.Succeeded ? $"/api/v1/meetings/{id}" : null, t);
                }))
            .RequireAuthorization()
            .WithName("AddAction")
            .WithDescription("Facilitators. Exactly one of ownerUserId (a member) or ownerOrganisationId; dueDate yyyy-MM-dd.")
            .Produces<ActionDto>(StatusCodes.Status201Created);

        meetingsApi.MapGet("/{id:int}/calendar.ics", async Task<IResult> (int id, string? key, HttpContext http, MeetingService meetings, CalendarService calendar, CancellationToken ct) =>
            {
                var user = await CalendarUserAsync(http, key, calendar, ct);
                var access = user is null ? null : await meetings.AccessAsync(id, user, GroupPermissions.Read, ct);
                if (access is null || !access.Succeeded)
                {
                    return ApiProblems.NotFound("meeting");
                }
                var file = await calendar.MeetingFileAsync(access.Value!, BaseUrl(http), ct);
                return TypedResults.File(Encoding.UTF8.GetBytes(file), Calendar, $"meeting-{id}.ics");
            })
            .WithName("MeetingCalendar")
            .WithDescription("One meeting as an iCalendar file (the same UID in every version of it).");

        endpoints.MapApi("/actions").WithTags("Meetings")
            .MapPatch("/{id:int}", async (int id, ActionStatusRequest request, ClaimsPrincipal user, MeetingService meetings, IStringLocalizer<MeetingsResource> t, CancellationToken ct) =>
                (await meetings.SetActionStatusAsync(id, user, request, ct)).ToHttpResult(localizer: t))
            .RequireAuthorization()
            .WithName("SetActionStatus")
            .WithDescription("The owner (the person, or a member of the owning organisation) or a facilitator.")
            .Produces<ActionDto>();

        var key = endpoints.MapApi("/calendar").WithTags("Meetings");
        key.MapPost("/key", async (ClaimsPrincipal user, HttpContext http, IGroupAccessResolver resolver, CalendarService calendar, CancellationToken ct) =>
            {
                var secret = await calendar.CreateKeyAsync(user, ct);
                var feeds = (await resolver.GetReadableAsync(user, ct))
                    .Select(g => new CalendarFeedDto(g.GroupId, g.Slug, g.Name, $"{BaseUrl(http)}/api/v1/groups/{g.Slug}/calendar.ics?key={secret}")).ToList();
                return TypedResults.Created((string?)null, new CalendarKeyDto(secret, feeds));
            })
            .RequireAuthorization()
            .WithName("CreateCalendarKey")
            .WithDescription("A new secret key for calendar feeds (the earlier one stops working). Shown once; only its hash is stored.")
            .Produces<CalendarKeyDto>(StatusCodes.Status201Created);
        key.MapDelete("/key", async (ClaimsPrincipal user, CalendarService calendar, CancellationToken ct) =>
            {
                await calendar.RevokeKeyAsync(user, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .WithName("RevokeCalendarKey");
    }

    /// <summary>The caller of a calendar route: the feed key's owner when a key is given (an unknown key is nobody),
    /// otherwise whoever is signed in (or anonymous, for public groups).</summary>
    private static async Task<ClaimsPrincipal?> CalendarUserAsync(HttpContext http, string? key, CalendarService calendar, CancellationToken ct) =>
        key is null ? http.User : await calendar.PrincipalForKeyAsync(key, ct);

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static async Task<IResult> WithAccess(int id, ClaimsPrincipal user, GroupPermission permission, MeetingService meetings, IStringLocalizer t, CancellationToken ct, Func<MeetingAccess, Task<IResult>> then)
    {
        var access = await meetings.AccessAsync(id, user, permission, ct);
        return access.Succeeded ? await then(access.Value!) : access.ToHttpResult(localizer: t);
    }
}
