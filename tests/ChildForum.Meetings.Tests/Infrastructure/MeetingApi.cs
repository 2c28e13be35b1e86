using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Infrastructure;

/// <summary>An agenda item as a client sends it.</summary>
public sealed record AgendaItemRequest(string? Title, string? Presenter = null, int? DurationMinutes = null, string? Notes = null, int? DraftId = null);

/// <summary>Calls of the meetings API, for arranging a test; the behaviour under test is asserted on raw responses.
/// Every call waits at most <see cref="Patience"/>, so that a hung request fails the test instead of hanging the run.</summary>
public static class MeetingApi
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The default cast of a test's group: the demo facilitator facilitates, cso and official are members,
    /// researcher observes; business and outsider are not in the group.</summary>
    public static readonly (string User, string Role)[] DefaultCast =
    [
        (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "observer"),
    ];

    public static readonly AgendaItemRequest[] DefaultAgenda =
    [
        new("Welcome", DurationMinutes: 10), new("Findings of the survey", "Survey team", 30, "Tables are attached."), new("Next steps", DurationMinutes: 20),
    ];

    /// <summary>A new group (members-only unless told) with <see cref="DefaultCast"/> or the given people.</summary>
    public static Task<GroupJson> NewGroupAsync(this ForumAppFactory app, string visibility = "members", params (string User, string Role)[] cast) =>
        app.CreateGroupAsync(visibility, cast.Length == 0 ? DefaultCast : cast);

    /// <summary>A wall-clock time (no offset) <paramref name="days"/> from today (UTC date) at <paramref name="hour"/>:00.
    /// Used with Asia/Shanghai, which has no daylight saving time.</summary>
    public static string Wall(int days, int hour = 10) =>
        DateTime.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>A date <paramref name="days"/> from today (UTC), as yyyy-MM-dd.</summary>
    public static string Day(int days) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static object MeetingBody(
        string? title = null, string? startsAt = null, string? endsAt = null, string? timeZone = "Asia/Shanghai", string? location = "Room 3, Town Hall",
        string? onlineUrl = null, IEnumerable<AgendaItemRequest>? agenda = null) =>
        new
        {
            title = title ?? Unique.Name("Meeting"),
            startsAt = startsAt ?? Wall(30, 10),
            endsAt = endsAt ?? Wall(30, 12),
            timeZone,
            location,
            onlineUrl,
            agenda = (agenda ?? DefaultAgenda).ToList(),
        };

    public static Task<HttpResponseMessage> SendCreateMeetingAsync(this HttpClient client, object group, object body) =>
        client.PostAsJsonAsync($"/api/v1/groups/{group}/meetings", body).WaitAsync(Patience);

    public static async Task<MeetingJson> CreateMeetingAsync(this HttpClient client, object group, object? body = null)
    {
        using var response = await client.SendCreateMeetingAsync(group, body ?? MeetingBody());
        return await response.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created);
    }

    /// <summary>A meeting that took place <paramref name="daysAgo"/> days ago (10:00–12:00 Asia/Shanghai).</summary>
    public static Task<MeetingJson> CreatePastMeetingAsync(this HttpClient client, object group, int daysAgo = 3, string? title = null, IEnumerable<AgendaItemRequest>? agenda = null) =>
        client.CreateMeetingAsync(group, MeetingBody(title, Wall(-daysAgo, 10), Wall(-daysAgo, 12), agenda: agenda));

    public static async Task<MeetingJson> MeetingAsync(this HttpClient client, int meetingId)
    {
        using var response = await client.GetAsync($"/api/v1/meetings/{meetingId}").WaitAsync(Patience);
        return await response.ReadJsonAsync<MeetingJson>();
    }

    public static async Task<List<MeetingSummaryJson>> MeetingsAsync(this HttpClient client, object group)
    {
        using var response = await client.GetAsync($"/api/v1/groups/{group}/meetings").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<MeetingSummaryJson>>();
    }

    public static Task<HttpResponseMessage> SendPatchAsync(this HttpClient client, int meetingId, object body) =>
        client.PatchAsJsonAsync($"/api/v1/meetings/{meetingId}", body).WaitAsync(Patience);

    public static async Task<MeetingJson> PatchMeetingAsync(this HttpClient client, int meetingId, object body)
    {
        using var response = await client.SendPatchAsync(meetingId, body);
        return await response.ReadJsonAsync<MeetingJson>();
    }

    public static Task<HttpResponseMessage> SendCancelAsync(this HttpClient client, int meetingId) =>
        client.PostAsync($"/api/v1/meetings/{meetingId}/cancel", null).WaitAsync(Patience);

    public static async Task<MeetingJson> CancelAsync(this HttpClient client, int meetingId)
    {
        using var response = await client.SendCancelAsync(meetingId);
        return await response.ReadJsonAsync<MeetingJson>();
    }

    public static Task<HttpResponseMessage> SendPublishAgendaAsync(this HttpClient client, int meetingId) =>
        client.PostAsync($"/api/v1/meetings/{meetingId}/agenda/publish", null).WaitAsync(Patience);

    public static async Task<MeetingJson> PublishAgendaAsync(this HttpClient client, int meetingId)
    {
        using var response = await client.SendPublishAgendaAsync(meetingId);
        return await response.ReadJsonAsync<MeetingJson>();
    }

    public static Task<HttpResponseMessage> SendMinutesAsync(this HttpClient client, int meetingId, string? body, string? attribution = "named") =>
        client.PutAsJsonAsync($"/api/v1/meetings/{meetingId}/minutes", new { body, attribution }).WaitAsync(Patience);

    public static async Task<MinutesDraftJson> SaveMinutesAsync(this HttpClient client, int meetingId, string body, string attribution = "named")
    {
        using var response = await client.SendMinutesAsync(meetingId, body, attribution);
        return await response.ReadJsonAsync<MinutesDraftJson>();
    }

    public static Task<HttpResponseMessage> SendPublishMinutesAsync(this HttpClient client, int meetingId) =>
        client.PostAsync($"/api/v1/meetings/{meetingId}/minutes/publish", null).WaitAsync(Patience);

    public static async Task<MinutesJson> PublishMinutesAsync(this HttpClient client, int meetingId)
    {
        using var response = await client.SendPublishMinutesAsync(meetingId);
        return await response.ReadJsonAsync<MinutesJson>();
    }

    public static async Task<MinutesJson> MinutesVersionAsync(this HttpClient client, int meetingId, int version)
    {
        using var response = await client.GetAsync($"/api/v1/meetings/{meetingId}/minutes/versions/{version}").WaitAsync(Patience);
        return await response.ReadJsonAsync<MinutesJson>();
    }

    public static Task<HttpResponseMessage> SendAttendanceAsync(this HttpClient client, int meetingId, object list) =>
        client.PutAsJsonAsync($"/api/v1/meetings/{meetingId}/attendance", list).WaitAsync(Patience);

    public static async Task<AttendanceJson> SetAttendanceAsync(this HttpClient client, int meetingId, params (string UserId, string Status)[] entries)
    {
        using var response = await client.SendAttendanceAsync(meetingId, entries.Select(e => new { userId = e.UserId, status = e.Status }).ToList());
        return await response.ReadJsonAsync<AttendanceJson>();
    }

    public static Task<HttpResponseMessage> SendDecisionAsync(this HttpClient client, int meetingId, string? text, int? agendaItemId = null) =>
        client.PostAsJsonAsync($"/api/v1/meetings/{meetingId}/decisions", new { agendaItemId, text }).WaitAsync(Patience);

    public static async Task<DecisionJson> AddDecisionAsync(this HttpClient client, int meetingId, string text, int? agendaItemId = null)
    {
        using var response = await client.SendDecisionAsync(meetingId, text, agendaItemId);
        return await response.ReadJsonAsync<DecisionJson>(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> SendActionAsync(
        this HttpClient client, int meetingId, string? title, string? ownerUserId = null, int? ownerOrganisationId = null, string? dueDate = null, int? agendaItemId = null) =>
        client.PostAsJsonAsync($"/api/v1/meetings/{meetingId}/actions", new { agendaItemId, title, ownerUserId, ownerOrganisationId, dueDate = dueDate ?? Day(14) }).WaitAsync(Patience);

    public static async Task<ActionJson> AddActionAsync(
        this HttpClient client, int meetingId, string title, string? ownerUserId = null, int? ownerOrganisationId = null, string? dueDate = null, int? agendaItemId = null)
    {
        using var response = await client.SendActionAsync(meetingId, title, ownerUserId, ownerOrganisationId, dueDate, agendaItemId);
        return await response.ReadJsonAsync<ActionJson>(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> SendActionStatusAsync(this HttpClient client, int actionId, string? status) =>
        client.PatchAsJsonAsync($"/api/v1/actions/{actionId}", new { status }).WaitAsync(Patience);

    public static async Task<ActionJson> SetActionStatusAsync(this HttpClient client, int actionId, string status)
    {
        using var response = await client.SendActionStatusAsync(actionId, status);
        return await response.ReadJsonAsync<ActionJson>();
    }

    public static async Task<List<ActionJson>> GroupActionsAsync(this HttpClient client, object group, string? status = null)
    {
        using var response = await client.GetAsync($"/api/v1/groups/{group}/actions{(status is null ? "" : $"?status={status}")}").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<ActionJson>>();
    }

    public static async Task<CalendarKeyJson> NewCalendarKeyAsync(this HttpClient client)
    {
        using var response = await client.PostAsync("/api/v1/calendar/key", null).WaitAsync(Patience);
        return await response.ReadJsonAsync<CalendarKeyJson>(HttpStatusCode.Created);
    }

    /// <summary>GETs a URL expecting 200 and returns the body as text.</summary>
    public static async Task<string> TextAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url).WaitAsync(Patience);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs a page expecting 200 and returns its HTML; on any other status, fails with what the site logged.</summary>
    public static async Task<string> PageAsync(this ForumAppFactory app, HttpClient client, string url)
    {
        var mark = app.ServerLog.Mark;
        using var response = await client.GetAsync(url).WaitAsync(Patience);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var logged = string.Join(Environment.NewLine, app.ServerLog.Since(mark).Split('\n').Take(15));
            throw new Xunit.Sdk.XunitException($"GET {url} answered {(int)response.StatusCode} {response.StatusCode}, expected 200 OK.{Environment.NewLine}The site logged:{Environment.NewLine}{logged}");
        }
        return html;
    }

    /// <summary>The organisation id of an organisation of the demo recipe, by name.</summary>
    public static async Task<int> OrganisationIdAsync(this HttpClient client, string name)
    {
        using var response = await client.GetAsync("/api/v1/organisations").WaitAsync(Patience);
        var organisations = await response.ReadJsonAsync<List<OrganisationJson>>();
        return organisations.Single(o => o.Name == name).Id;
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
