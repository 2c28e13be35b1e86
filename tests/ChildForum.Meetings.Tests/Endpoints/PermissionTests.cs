using System.Net;
using System.Net.Http.Json;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Who reads and who writes. A meeting of a members-only group is unknown (404) to everyone outside it on every
/// route, and the answer never gives its title away; anonymous writes are 401; only facilitators run meetings.</summary>
public abstract class PermissionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private sealed record Arranged(GroupJson Group, MeetingJson Meeting, ActionJson Action, string Title);

    /// <summary>A meeting that took place, with a published agenda, attendance, a decision, an action for cso and
    /// published minutes.</summary>
    private async Task<Arranged> ArrangeAsync(string visibility)
    {
        var group = await App.NewGroupAsync(visibility);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var title = Unique.Name("Confidential meeting");
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, title: title);
        await facilitator.PublishAgendaAsync(meeting.Id);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        await facilitator.SetAttendanceAsync(meeting.Id, (cso, "present"));
        await facilitator.AddDecisionAsync(meeting.Id, "A confidential decision.");
        var action = await facilitator.AddActionAsync(meeting.Id, "A confidential action", ownerUserId: cso);
        await facilitator.SaveMinutesAsync(meeting.Id, "The confidential minutes.");
        await facilitator.PublishMinutesAsync(meeting.Id);
        return new Arranged(group, meeting, action, title);
    }

    private static readonly string[] ApiReadRoutes =
    [
        "/api/v1/groups/{group}/meetings",
        "/api/v1/groups/{slug}/meetings",
        "/api/v1/groups/{group}/actions",
        "/api/v1/groups/{group}/actions?status=open",
        "/api/v1/groups/{group}/calendar.ics",
        "/api/v1/groups/{slug}/calendar.ics",
        "/api/v1/meetings/{meeting}",
        "/api/v1/meetings/{meeting}/minutes/versions/1",
        "/api/v1/meetings/{meeting}/calendar.ics",
    ];

    private static readonly string[] PageRoutes =
    [
        "/groups/{slug}/meetings/{meeting}",
        "/groups/{slug}/meetings/{meeting}/minutes",
        "/groups/{slug}/meetings/{meeting}/edit",
        "/groups/{slug}/meetings/new",
    ];

    private static string Url(string route, Arranged arranged) => route
        .Replace("{group}", MeetingApi.Id(arranged.Group.Id), StringComparison.Ordinal)
        .Replace("{slug}", arranged.Group.Slug, StringComparison.Ordinal)
        .Replace("{meeting}", MeetingApi.Id(arranged.Meeting.Id), StringComparison.Ordinal)
        .Replace("{action}", MeetingApi.Id(arranged.Action.Id), StringComparison.Ordinal);

    private static void AssertNothingConfidential(Arranged arranged, string body, string where)
    {
        Assert.False(body.Contains(arranged.Title, StringComparison.Ordinal), $"{where} gives the title away:{Environment.NewLine}{body}");
        Assert.False(body.Contains("confidential", StringComparison.OrdinalIgnoreCase), $"{where} gives the content away:{Environment.NewLine}{body}");
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(DemoUsers.Outsider)]
    [InlineData(DemoUsers.Business)]
    public async Task Meeting_of_a_members_only_group_is_404_on_every_api_route_for_anyone_outside_it_without_its_title(string? user)
    {
        var arranged = await ArrangeAsync("members");
        // business is a member of another members-only group, not of this one.
        await App.CreateGroupAsync("members", (DemoUsers.Business, "member"));
        using var client = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        foreach (var route in ApiReadRoutes)
        {
            using var response = await client.GetAsync(Url(route, arranged)).WaitAsync(MeetingApi.Patience);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            AssertNothingConfidential(arranged, problem.Body, $"GET {route}");
        }
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(DemoUsers.Outsider)]
    public async Task Pages_of_a_meeting_of_a_members_only_group_give_nothing_away_to_anyone_outside_it(string? user)
    {
        var arranged = await ArrangeAsync("members");
        using var browser = user is null ? App.CreateBrowserSession() : await App.SignInWithCookieAsync(user);

        foreach (var route in PageRoutes.Append("/groups/{slug}"))
        {
            using var response = await browser.Client.GetAsync(Url(route, arranged)).WaitAsync(MeetingApi.Patience);
            var body = await response.Content.ReadAsStringAsync();
            AssertNothingConfidential(arranged, body, $"GET {route}");
            if (user is not null || route == "/groups/{slug}/meetings/{meeting}")
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {route} as {user ?? "anonymous"} answered {(int)response.StatusCode}, expected 404.");
            }
            else
            {
                // Pages for facilitators only ask an anonymous visitor to sign in first.
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"GET {route} as anonymous answered {(int)response.StatusCode}.");
            }
        }
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Researcher)]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Facilitator)]
    [InlineData(DemoUsers.Admin)]
    public async Task Meeting_of_a_members_only_group_is_readable_on_every_route_by_its_people_and_administrators(string user)
    {
        var arranged = await ArrangeAsync("members");
        using var client = await App.ClientForAsync(user);

        foreach (var route in ApiReadRoutes)
        {
            using var response = await client.GetAsync(Url(route, arranged)).WaitAsync(MeetingApi.Patience);
            await response.AssertStatusAsync(HttpStatusCode.OK);
        }
        Assert.Equal(arranged.Title, (await client.MeetingAsync(arranged.Meeting.Id)).Title);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(DemoUsers.Outsider)]
    public async Task Meeting_of_a_public_group_is_readable_by_anyone(string? user)
    {
        var arranged = await ArrangeAsync("public");
        using var client = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        foreach (var route in ApiReadRoutes)
        {
            using var response = await client.GetAsync(Url(route, arranged)).WaitAsync(MeetingApi.Patience);
            await response.AssertStatusAsync(HttpStatusCode.OK);
        }
        var read = await client.MeetingAsync(arranged.Meeting.Id);
        Assert.Equal((arranged.Title, (int?)1), (read.Title, read.Minutes?.Version));
        Assert.NotNull(read.Agenda);
        Assert.Contains(arranged.Title, await client.TextAsync($"/groups/{arranged.Group.Slug}/meetings/{arranged.Meeting.Id}"), StringComparison.Ordinal);
    }

    private static IEnumerable<(string Method, string Route, object? Body)> WriteRoutes(string cso) =>
    [
        ("POST", "/api/v1/groups/{group}/meetings", MeetingApi.MeetingBody()),
        ("PATCH", "/api/v1/meetings/{meeting}", new { title = "Changed by a stranger" }),
        ("POST", "/api/v1/meetings/{meeting}/cancel", null),
        ("POST", "/api/v1/meetings/{meeting}/agenda/publish", null),
        ("PUT", "/api/v1/meetings/{meeting}/minutes", new { body = "Rewritten.", attribution = "named" }),
        ("POST", "/api/v1/meetings/{meeting}/minutes/publish", null),
        ("PUT", "/api/v1/meetings/{meeting}/attendance", new[] { new { userId = cso, status = "absent" } }),
        ("POST", "/api/v1/meetings/{meeting}/decisions", new { text = "A stranger's decision." }),
        ("POST", "/api/v1/meetings/{meeting}/actions", new { title = "A stranger's action.", ownerUserId = cso, dueDate = MeetingApi.Day(7) }),
        ("PATCH", "/api/v1/actions/{action}", new { status = "dropped" }),
    ];

    private async Task AssertWritesAreRefusedAsync(Arranged arranged, HttpClient client, HttpStatusCode expected, bool includingOwnAction = true)
    {
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        foreach (var (method, route, body) in WriteRoutes(cso))
        {
            if (!includingOwnAction && route.StartsWith("/api/v1/actions/", StringComparison.Ordinal))
            {
                continue;
            }
            using var request = new HttpRequestMessage(new HttpMethod(method), Url(route, arranged)) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request).WaitAsync(MeetingApi.Patience);
            var problem = await response.ReadProblemAsync(expected);
            AssertNothingConfidential(arranged, problem.Body, $"{method} {route}");
        }
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var read = await facilitator.MeetingAsync(arranged.Meeting.Id);
        Assert.Equal((arranged.Title, "minutes-published", (int?)1), (read.Title, read.Status, read.Minutes!.Version));
        Assert.Equal("The confidential minutes.", read.Minutes.Draft!.Body);
        Assert.Equal([(cso, "present")], read.Attendance.Entries.Select(e => (e.UserId, e.Status)));
        Assert.Single(read.Decisions);
        Assert.Equal([("A confidential action", "open")], read.Actions.Select(a => (a.Title, a.Status)));
        Assert.Single(await facilitator.MeetingsAsync(arranged.Group.Id));
    }

    [SkippableTheory]
    [InlineData("members")]
    [InlineData("public")]
    public async Task Anonymous_writes_are_401_on_every_write_route(string visibility)
    {
        var arranged = await ArrangeAsync(visibility);
        using var anonymous = App.CreateAnonymousClient();

        await AssertWritesAreRefusedAsync(arranged, anonymous, HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Outsider)]
    [InlineData(DemoUsers.Business)]
    public async Task Signed_in_strangers_writing_to_a_members_only_meeting_get_404(string user)
    {
        var arranged = await ArrangeAsync("members");
        using var client = await App.ClientForAsync(user);

        await AssertWritesAreRefusedAsync(arranged, client, HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Signed_in_stranger_writing_to_a_public_meeting_gets_403()
    {
        var arranged = await ArrangeAsync("public");
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        await AssertWritesAreRefusedAsync(arranged, outsider, HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Observer_reads_but_may_not_run_the_meeting_or_change_an_action_it_does_not_own()
    {
        var arranged = await ArrangeAsync("members");
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);

        await AssertWritesAreRefusedAsync(arranged, researcher, HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Member_may_not_run_the_meeting()
    {
        var arranged = await ArrangeAsync("members");
        using var official = await App.ClientForAsync(DemoUsers.Official);

        await AssertWritesAreRefusedAsync(arranged, official, HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Member_removed_from_the_group_gets_404_for_its_meeting()
    {
        var arranged = await ArrangeAsync("members");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await cso.MeetingAsync(arranged.Meeting.Id);

        using var removed = await facilitator.DeleteAsync($"/api/v1/groups/{arranged.Group.Id}/members/{await App.UserIdAsync(DemoUsers.Cso)}").WaitAsync(MeetingApi.Patience);
        await removed.AssertStatusAsync(HttpStatusCode.NoContent);

        using var response = await cso.GetAsync($"/api/v1/meetings/{arranged.Meeting.Id}").WaitAsync(MeetingApi.Patience);
        AssertNothingConfidential(arranged, (await response.ReadProblemAsync(HttpStatusCode.NotFound)).Body, "GET the meeting after removal");
        using var action = await cso.SendActionStatusAsync(arranged.Action.Id, "done");
        await action.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PermissionTestsOnSqlite(SqliteAppFixture fixture) : PermissionTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PermissionTestsOnPostgres(PostgresAppFixture fixture) : PermissionTests(fixture);
