using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Input a client gets wrong: every answer is a problem detail with the right status and, for a 400, the field at
/// fault; never a 500, and nothing half-saved (the group's meeting list and the meeting stay as they were).</summary>
public abstract class BadInputTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>Posts a new meeting made of the default one with <paramref name="change"/> applied, expects a 400 naming
    /// <paramref name="field"/>, and checks that the group still has no meeting.</summary>
    private async Task AssertCreateRefusedAsync(string field, Func<Dictionary<string, object?>, Dictionary<string, object?>> change)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var body = new Dictionary<string, object?>
        {
            ["title"] = "A meeting", ["startsAt"] = MeetingApi.Wall(30, 10), ["endsAt"] = MeetingApi.Wall(30, 12), ["timeZone"] = "Asia/Shanghai",
            ["location"] = "Room 1", ["agenda"] = MeetingApi.DefaultAgenda,
        };

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/meetings", change(body)).WaitAsync(MeetingApi.Patience);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors.ContainsKey(field), $"Expected an error for '{field}', got: {problem.Body}");
        Assert.Empty(await facilitator.MeetingsAsync(group.Id));
    }

    private static Func<Dictionary<string, object?>, Dictionary<string, object?>> Set(string key, object? value) => body =>
    {
        body[key] = value;
        return body;
    };

    [SkippableTheory]
    [InlineData(-60)]
    [InlineData(0)]
    public async Task Meeting_that_ends_before_it_starts_or_when_it_starts_is_400_naming_endsAt(int minutes)
    {
        var start = DateTime.UtcNow.Date.AddDays(30).AddHours(10);
        await AssertCreateRefusedAsync("endsAt", body =>
        {
            body["startsAt"] = start.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            body["endsAt"] = start.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            return body;
        });
    }

    [SkippableFact]
    public Task Meeting_longer_than_7_days_is_400_naming_endsAt() => AssertCreateRefusedAsync("endsAt", Set("endsAt", MeetingApi.Wall(38, 12)));

    [SkippableTheory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("China Standard Time")]
    [InlineData("Romance Standard Time")]
    [InlineData("GMT+8")]
    [InlineData("")]
    [InlineData(null)]
    public Task Unknown_time_zone_is_400_naming_timeZone(string? zone) => AssertCreateRefusedAsync("timeZone", Set("timeZone", zone));

    [SkippableTheory]
    [InlineData("2026-13-01T10:00")]
    [InlineData("tomorrow")]
    [InlineData("2026-12-01 10:00")]
    [InlineData("2027-02-30T10:00")]
    [InlineData("2027-06-01")]
    [InlineData("1999-06-01T10:00")]
    [InlineData("2100-06-01T10:00")]
    [InlineData("0001-01-01T00:00")]
    [InlineData("9999-12-31T23:59")]
    [InlineData("9999-12-31T23:59:59-12:00")]
    [InlineData("")]
    [InlineData(null)]
    public Task Bad_start_time_is_400_naming_startsAt(string? startsAt) => AssertCreateRefusedAsync("startsAt", Set("startsAt", startsAt));

    [SkippableTheory]
    [InlineData("Pacific/Kiritimati", "0001-01-01T00:00")]
    [InlineData("Pacific/Pago_Pago", "9999-12-31T23:59")]
    [InlineData("America/New_York", "9999-12-31T23:59")]
    public Task Times_at_the_ends_of_the_calendar_in_far_zones_are_400_not_500(string zone, string startsAt) =>
        AssertCreateRefusedAsync("startsAt", body =>
        {
            body["timeZone"] = zone;
            body["startsAt"] = startsAt;
            return body;
        });

    [SkippableFact]
    public Task Start_in_the_spring_forward_gap_of_copenhagen_is_400_naming_startsAt() =>
        AssertCreateRefusedAsync("startsAt", body =>
        {
            body["timeZone"] = "Europe/Copenhagen";
            body["startsAt"] = "2027-03-28T02:30";
            body["endsAt"] = "2027-03-28T04:00";
            return body;
        });

    [SkippableFact]
    public Task End_in_the_spring_forward_gap_of_copenhagen_is_400_naming_endsAt() =>
        AssertCreateRefusedAsync("endsAt", body =>
        {
            body["timeZone"] = "Europe/Copenhagen";
            body["startsAt"] = "2027-03-28T01:00";
            body["endsAt"] = "2027-03-28T02:30";
            return body;
        });

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public Task Meeting_without_a_title_is_400_naming_title(string? title) => AssertCreateRefusedAsync("title", Set("title", title));

    [SkippableFact]
    public Task Title_over_200_characters_is_400_naming_title() => AssertCreateRefusedAsync("title", Set("title", new string('t', 201)));

    [SkippableFact]
    public Task Location_over_300_characters_is_400_naming_location() => AssertCreateRefusedAsync("location", Set("location", new string('l', 301)));

    [SkippableFact]
    public Task Agenda_of_51_items_is_400_naming_agenda() =>
        AssertCreateRefusedAsync("agenda", Set("agenda", Enumerable.Range(1, 51).Select(i => new AgendaItemRequest($"Item {i}")).ToList()));

    [SkippableFact]
    public async Task Agenda_of_50_items_is_accepted()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(agenda: Enumerable.Range(1, 50).Select(i => new AgendaItemRequest($"Item {i}"))));

        Assert.Equal(50, meeting.Agenda!.Count);
    }

    [SkippableFact]
    public Task Agenda_title_of_201_characters_is_400_naming_the_item_s_title() =>
        AssertCreateRefusedAsync("agenda[1].title", Set("agenda", new[] { new AgendaItemRequest("Fine"), new AgendaItemRequest(new string('a', 201)) }));

    [SkippableFact]
    public Task Agenda_item_without_a_title_is_400_naming_the_item_s_title() =>
        AssertCreateRefusedAsync("agenda[0].title", Set("agenda", new[] { new AgendaItemRequest("  ") }));

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(601)]
    [InlineData(-5)]
    public Task Agenda_duration_outside_1_to_600_minutes_is_400_naming_it(int minutes) =>
        AssertCreateRefusedAsync("agenda[0].durationMinutes", Set("agenda", new[] { new AgendaItemRequest("Item", DurationMinutes: minutes) }));

    [SkippableFact]
    public Task Agenda_item_linking_a_draft_that_is_not_in_the_group_is_400_naming_it() =>
        AssertCreateRefusedAsync("agenda[0].draftId", Set("agenda", new[] { new AgendaItemRequest("Item", DraftId: 987654321) }));

    [SkippableTheory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://files.example.org/x")]
    [InlineData("meet.example.org/room")]
    [InlineData("not a url")]
    public Task Online_url_that_is_not_http_is_400_naming_onlineUrl(string url) => AssertCreateRefusedAsync("onlineUrl", Set("onlineUrl", url));

    /// <summary>A meeting of a group of its own, cancelled, with what it had before.</summary>
    private async Task<(HttpClient Facilitator, MeetingJson Meeting)> CancelledAsync()
    {
        var group = await App.NewGroupAsync();
        var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        return (facilitator, await facilitator.CancelAsync(meeting.Id));
    }

    [SkippableFact]
    public async Task Editing_a_cancelled_meeting_is_409_and_changes_nothing()
    {
        var (facilitator, meeting) = await CancelledAsync();
        using var _ = facilitator;

        using var response = await facilitator.SendPatchAsync(meeting.Id, new { title = "Changed", agenda = new[] { new AgendaItemRequest("New") } });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((meeting.Title, meeting.Sequence, "cancelled"), (read.Title, read.Sequence, read.Status));
        Assert.Equal(meeting.Agenda!.Select(a => a.Title), read.Agenda!.Select(a => a.Title));
    }

    [SkippableFact]
    public async Task Publishing_the_agenda_of_a_cancelled_meeting_is_409()
    {
        var (facilitator, meeting) = await CancelledAsync();
        using var _ = facilitator;

        using var response = await facilitator.SendPublishAgendaAsync(meeting.Id);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await facilitator.MeetingAsync(meeting.Id)).AgendaPublished);
    }

    [SkippableFact]
    public async Task Minutes_attendance_decisions_and_actions_of_a_cancelled_meeting_are_409()
    {
        var (facilitator, meeting) = await CancelledAsync();
        using var _ = facilitator;
        var cso = await App.UserIdAsync(DemoUsers.Cso);

        using var minutes = await facilitator.SendMinutesAsync(meeting.Id, "Text.");
        using var publish = await facilitator.SendPublishMinutesAsync(meeting.Id);
        using var attendance = await facilitator.SendAttendanceAsync(meeting.Id, new[] { new { userId = cso, status = "present" } });
        using var decision = await facilitator.SendDecisionAsync(meeting.Id, "A decision.");
        using var action = await facilitator.SendActionAsync(meeting.Id, "An action.", ownerUserId: cso);

        foreach (var response in new[] { minutes, publish, attendance, decision, action })
        {
            await response.ReadProblemAsync(HttpStatusCode.Conflict);
        }
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Null(read.Minutes);
        Assert.Empty(read.Attendance.Entries);
        Assert.Empty(read.Decisions);
        Assert.Empty(read.Actions);
    }

    [SkippableFact]
    public async Task Publishing_an_empty_agenda_is_409()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(agenda: []));

        using var response = await facilitator.SendPublishAgendaAsync(meeting.Id);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await facilitator.MeetingAsync(meeting.Id)).AgendaPublished);
    }

    [SkippableTheory]
    [InlineData("endsAt", "2027-01-01T08:00")]
    [InlineData("timeZone", "Mars/Olympus_Mons")]
    [InlineData("startsAt", "tomorrow")]
    [InlineData("onlineUrl", "javascript:alert(1)")]
    [InlineData("title", "")]
    public async Task Bad_patch_is_400_naming_the_field_and_changes_nothing(string field, string value)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(startsAt: "2027-01-01T10:00", endsAt: "2027-01-01T12:00"));
        var body = new Dictionary<string, object?> { [field] = value, ["location"] = "Changed", ["agenda"] = new[] { new AgendaItemRequest("Changed") } };

        using var response = await facilitator.SendPatchAsync(meeting.Id, body);

        Assert.Contains(field, (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((meeting.Title, meeting.StartsAt, meeting.Location, meeting.TimeZone, meeting.Sequence), (read.Title, read.StartsAt, read.Location, read.TimeZone, read.Sequence));
        Assert.Equal(meeting.Agenda!.Select(a => a.Title), read.Agenda!.Select(a => a.Title));
    }

    [SkippableTheory]
    [InlineData("POST", "/api/v1/groups/{group}/meetings")]
    [InlineData("PATCH", "/api/v1/meetings/{meeting}")]
    [InlineData("PUT", "/api/v1/meetings/{meeting}/minutes")]
    [InlineData("PUT", "/api/v1/meetings/{meeting}/attendance")]
    [InlineData("POST", "/api/v1/meetings/{meeting}/decisions")]
    [InlineData("POST", "/api/v1/meetings/{meeting}/actions")]
    [InlineData("PATCH", "/api/v1/actions/{action}")]
    public async Task Malformed_json_on_every_write_route_is_a_400_problem_and_changes_nothing(string method, string route)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var action = await facilitator.AddActionAsync(meeting.Id, "Existing", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        var url = route.Replace("{group}", MeetingApi.Id(group.Id), StringComparison.Ordinal)
            .Replace("{meeting}", MeetingApi.Id(meeting.Id), StringComparison.Ordinal)
            .Replace("{action}", MeetingApi.Id(action.Id), StringComparison.Ordinal);

        foreach (var json in new[]
        {
            "{\"title\": \"unterminated", "{\"title\": ", "\"just a string\"", "",
            "{\"title\": 5, \"startsAt\": [], \"agenda\": {}, \"body\": 3, \"status\": [], \"text\": {}, \"dueDate\": 7}",
            "{\"agenda\": [{\"title\": \"x\", \"durationMinutes\": \"ten\"}]}",
            "{\"agenda\": [{\"title\": \"x\", \"durationMinutes\": 99999999999}]}",
            "[{\"userId\": 5, \"status\": true}]",
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await facilitator.SendAsync(request).WaitAsync(MeetingApi.Patience);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} with {json} answered {(int)response.StatusCode}:{Environment.NewLine}{await HttpAssertions.DescribeAsync(response)}");
            await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Equal([meeting.Id], (await facilitator.MeetingsAsync(group.Id)).Select(m => m.Id));
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((meeting.Title, meeting.Sequence, meeting.Location), (read.Title, read.Sequence, read.Location));
        Assert.Null(read.Minutes);
        Assert.Empty(read.Attendance.Entries);
        Assert.Empty(read.Decisions);
        Assert.Equal([("Existing", "open")], read.Actions.Select(a => (a.Title, a.Status)));
    }

    [SkippableFact]
    public async Task Body_that_is_not_json_is_415()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsync($"/api/v1/groups/{group.Id}/meetings", new StringContent("title=Hello", Encoding.UTF8, "application/x-www-form-urlencoded")).WaitAsync(MeetingApi.Patience);

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await facilitator.MeetingsAsync(group.Id));
    }

    [SkippableTheory]
    [InlineData("GET", "/api/v1/meetings/987654321")]
    [InlineData("GET", "/api/v1/meetings/abc")]
    [InlineData("GET", "/api/v1/meetings/99999999999")]
    [InlineData("GET", "/api/v1/meetings/-1/calendar.ics")]
    [InlineData("GET", "/api/v1/meetings/1/minutes/versions/abc")]
    [InlineData("GET", "/api/v1/groups/no-such-group-here/meetings")]
    [InlineData("GET", "/api/v1/groups/no-such-group-here/actions")]
    [InlineData("GET", "/api/v1/groups/no-such-group-here/calendar.ics")]
    [InlineData("POST", "/api/v1/groups/no-such-group-here/meetings")]
    [InlineData("POST", "/api/v1/meetings/987654321/agenda/publish")]
    [InlineData("POST", "/api/v1/meetings/987654321/minutes/publish")]
    [InlineData("PUT", "/api/v1/meetings/987654321/minutes")]
    [InlineData("POST", "/api/v1/meetings/987654321/decisions")]
    [InlineData("PATCH", "/api/v1/actions/987654321")]
    public async Task Unknown_or_malformed_ids_are_404_problems(string method, string url)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { title = "T", body = "B", text = "T", status = "done", startsAt = "2027-01-01T10:00", endsAt = "2027-01-01T11:00", timeZone = "UTC" });
        }

        using var response = await facilitator.SendAsync(request).WaitAsync(MeetingApi.Patience);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [InlineData("null", "attendance")]
    [InlineData("[null]", "[0].userId")]
    public async Task Attendance_list_that_is_null_or_holds_null_is_400_naming_the_field(string json, string field)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id);

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await facilitator.PutAsync($"/api/v1/meetings/{meeting.Id}/attendance", content).WaitAsync(MeetingApi.Patience);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors.ContainsKey(field), $"Expected an error for '{field}', got: {problem.Body}");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class BadInputTestsOnSqlite(SqliteAppFixture fixture) : BadInputTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class BadInputTestsOnPostgres(PostgresAppFixture fixture) : BadInputTests(fixture);
