using System.Net;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Recipes;

/// <summary>The meetings the demo recipe promises (shared/API.md "The demo recipe", and its "meetings" step). Nothing here
/// changes data.</summary>
public abstract class DemoMeetingsTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>The demo people's display names and organisations.</summary>
    private static readonly string[] DemoNames =
    [
        "Li Wen (facilitator)", "Zhang Min", "Wang Jun", "Dr. Chen Yu", "Liu Fang",
        "ChildForum Secretariat", "Sunflower Children's Service Centre", "Riverside District Civil Affairs Bureau",
        "East Lake Normal University, Child Welfare Research Centre", "Greenfield Foods Co.",
    ];

    private async Task<List<MeetingJson>> MeetingsOfAsync(HttpClient client, string slug)
    {
        var list = await client.MeetingsAsync(slug);
        var meetings = new List<MeetingJson>();
        foreach (var summary in list)
        {
            meetings.Add(await client.MeetingAsync(summary.Id));
        }
        return meetings;
    }

    [SkippableTheory]
    [InlineData(DemoGroups.LeftBehindChildren)]
    [InlineData(DemoGroups.ChildProtectionAlliance)]
    public async Task Each_demo_group_has_a_meeting_with_a_published_agenda_and_published_minutes(string slug)
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var meetings = await MeetingsOfAsync(cso, slug);

        var held = meetings.Where(m => m.AgendaPublished && m.MinutesPublished).ToList();
        Assert.NotEmpty(held);
        Assert.All(held, m =>
        {
            Assert.NotEmpty(m.Agenda!);
            Assert.Equal("minutes-published", m.Status);
            Assert.True(m.Minutes!.Version >= 1);
            Assert.False(string.IsNullOrWhiteSpace(m.Minutes.Body));
            Assert.False(string.IsNullOrWhiteSpace(m.Minutes.Html));
            Assert.True(m.StartsAt < DateTimeOffset.UtcNow, $"{m.Title} has minutes but starts at {m.StartsAt}.");
            Assert.True(m.Attendance.ByStakeholderType.Values.Sum(c => c.Present) > 0, $"{m.Title} has no attendance.");
        });
    }

    [SkippableTheory]
    [InlineData(DemoGroups.LeftBehindChildren)]
    [InlineData(DemoGroups.ChildProtectionAlliance)]
    public async Task Each_demo_group_has_an_upcoming_meeting_with_a_published_agenda(string slug)
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var upcoming = (await MeetingsOfAsync(cso, slug)).Where(m => m.StartsAt > DateTimeOffset.UtcNow).ToList();

        var meeting = Assert.Single(upcoming, m => m.AgendaPublished);
        Assert.NotEmpty(meeting.WrittenItems);
        Assert.Null(meeting.Minutes);
        Assert.Equal("agenda-published", meeting.Status);
    }

    [SkippableFact]
    public async Task The_danish_partner_meeting_is_in_copenhagen_time_with_its_offset()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var meeting = Assert.Single(await cso.MeetingsAsync(DemoGroups.ChildProtectionAlliance), m => m.TimeZone == "Europe/Copenhagen");

        Assert.Equal(9, meeting.StartsAt.Hour);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        Assert.Equal(zone.GetUtcOffset(meeting.StartsAt.UtcDateTime), meeting.StartsAt.Offset);
        var e = Readable.SingleEvent(await cso.TextAsync($"/api/v1/meetings/{meeting.Id}/calendar.ics"));
        Assert.Equal(("Europe/Copenhagen", meeting.StartsAt.UtcDateTime), (e.DtStart!.TzId, e.DtStart.AsUtc));
    }

    [SkippableFact]
    public async Task There_is_a_chatham_house_meeting_whose_published_minutes_name_no_one()
    {
        using var anonymous = App.CreateAnonymousClient();

        var meeting = Assert.Single(await MeetingsOfAsync(anonymous, DemoGroups.LeftBehindChildren), m => m.Attribution == "chatham-house");

        Assert.True(meeting.MinutesPublished);
        Assert.Equal("chatham-house", meeting.Minutes!.Attribution);
        Assert.Contains("a participant from civil society", meeting.Minutes.Body, StringComparison.Ordinal);
        Assert.Contains("a participant from business", meeting.Minutes.Body, StringComparison.Ordinal);
        Readable.AssertNoneOf(DemoNames, meeting.Minutes.Body!, "The demo's Chatham House minutes");
        Readable.AssertNoneOf(DemoNames, meeting.Minutes.Html!, "The demo's Chatham House minutes (HTML)");
        Assert.Empty(meeting.Attendance.Entries);
        Assert.Empty(meeting.Attendance.ByOrganisation);
        Assert.True(meeting.Attendance.ByStakeholderType.Values.Sum(c => c.Present) >= 4);
        Assert.All(meeting.Actions, a => Assert.Null(a.Owner!.Name));
        Assert.All(meeting.WrittenItems, i => Readable.AssertNoneOf(DemoNames, i.Presenter ?? "", "A presenter of the demo's Chatham House meeting"));
        Readable.AssertNoneOf(DemoNames, string.Join("\n", meeting.Decisions.Select(d => d.Text).Concat(meeting.Actions.Select(a => a.Title))), "The decisions and actions of the demo's Chatham House meeting");
    }

    [SkippableFact]
    public async Task The_members_only_group_has_minutes_in_chinese_attributed_by_name()
    {
        using var official = await App.ClientForAsync(DemoUsers.Official);

        var meeting = Assert.Single(await MeetingsOfAsync(official, DemoGroups.ChildProtectionAlliance), m => m.MinutesPublished);

        Assert.Equal(("zh-Hans", "named"), (meeting.Minutes!.Language, meeting.Minutes.Attribution));
        Assert.Contains("**Wang Jun** (Riverside District Civil Affairs Bureau)", meeting.Minutes.Body, StringComparison.Ordinal);
        Assert.Contains("个案", meeting.Minutes.Body, StringComparison.Ordinal);
        Assert.NotEmpty(meeting.Decisions);
    }

    [SkippableFact]
    public async Task Demo_meetings_have_decisions_and_open_done_and_overdue_actions()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var meetings = await MeetingsOfAsync(cso, DemoGroups.LeftBehindChildren);
        var open = await cso.GroupActionsAsync(DemoGroups.LeftBehindChildren, "open");
        var done = await cso.GroupActionsAsync(DemoGroups.LeftBehindChildren, "done");

        Assert.True(meetings.Sum(m => m.Decisions.Count) >= 2);
        Assert.Contains(meetings, m => m.Decisions.Any(d => d.AgendaItemId is not null));
        Assert.NotEmpty(open);
        Assert.NotEmpty(done);
        Assert.Contains(open, a => a.Overdue);
        Assert.Contains(open, a => a.Owner?.Kind == "organisation");
        Assert.All(done, a => Assert.NotNull(a.ClosedAt));
        Assert.NotEmpty(await cso.GroupActionsAsync(DemoGroups.ChildProtectionAlliance, "open"));
        Assert.NotEmpty(await cso.GroupActionsAsync(DemoGroups.ChildProtectionAlliance, "done"));
    }

    [SkippableFact]
    public async Task Upcoming_demo_meeting_reviews_the_open_actions_of_earlier_ones()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var open = await cso.GroupActionsAsync(DemoGroups.LeftBehindChildren, "open");

        var upcoming = Assert.Single(await MeetingsOfAsync(cso, DemoGroups.LeftBehindChildren), m => m.StartsAt > DateTimeOffset.UtcNow);

        var review = Assert.Single(upcoming.Agenda!, a => a.ReviewsActions);
        Assert.Equal(0, review.Position);
        Assert.Equal(open.Select(a => a.Id).Order(), review.Actions!.Select(a => a.Id).Order());
    }

    [SkippableTheory]
    [InlineData(DemoGroups.LeftBehindChildren, null)]
    [InlineData(DemoGroups.ChildProtectionAlliance, DemoUsers.Cso)]
    public async Task Demo_group_pages_list_their_meetings(string slug, string? user)
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var meetings = await cso.MeetingsAsync(slug);
        using var browser = user is null ? App.CreateBrowserSession() : await App.SignInWithCookieAsync(user);

        var section = Readable.FromHtml(await App.PageAsync(browser.Client, $"/groups/{slug}"), "section[aria-labelledby='meetings-heading']");

        Assert.All(meetings, m => Assert.Contains(m.Title, section, StringComparison.Ordinal));
        foreach (var meeting in meetings)
        {
            await App.PageAsync(browser.Client, $"/groups/{slug}/meetings/{meeting.Id}");
        }
    }

    [SkippableFact]
    public async Task Public_demo_meetings_are_readable_anonymously_and_the_members_only_ones_are_not()
    {
        using var anonymous = App.CreateAnonymousClient();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var closed = await cso.MeetingsAsync(DemoGroups.ChildProtectionAlliance);

        Assert.NotEmpty(await anonymous.MeetingsAsync(DemoGroups.LeftBehindChildren));
        Readable.Ics(await anonymous.TextAsync($"/api/v1/groups/{DemoGroups.LeftBehindChildren}/calendar.ics"));
        foreach (var meeting in closed)
        {
            using var response = await anonymous.GetAsync($"/api/v1/meetings/{meeting.Id}").WaitAsync(MeetingApi.Patience);
            Assert.DoesNotContain(meeting.Title, (await response.ReadProblemAsync(HttpStatusCode.NotFound)).Body, StringComparison.Ordinal);
        }
        using var feed = await anonymous.GetAsync($"/api/v1/groups/{DemoGroups.ChildProtectionAlliance}/calendar.ics").WaitAsync(MeetingApi.Patience);
        await feed.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DemoMeetingsTestsOnSqlite(SqliteAppFixture fixture) : DemoMeetingsTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DemoMeetingsTestsOnPostgres(PostgresAppFixture fixture) : DemoMeetingsTests(fixture);
