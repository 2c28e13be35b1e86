using System.Net;
using ChildForum.Core.Organisations;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Under <c>chatham-house</c>, no participant's name or organisation reaches a reader: not in the API, the
/// calendars, the meeting page or the group page; only stakeholder types. Facilitators still see who was there.</summary>
public abstract class ChathamHouseTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Hillside = "Hillside Parents' Association";

    /// <summary>Speakers marked with @, and names and organisations written in plain words as well.</summary>
    private const string MinutesBody =
        "## Opening\n\n" +
        "@Li Wen (facilitator) opened the meeting.\n\n" +
        "## Protected time for directors\n\n" +
        "@Zhang Min asked that directors get protected time. Wang Jun said that Riverside District Civil Affairs Bureau can fund a course; " +
        "Sunflower Children's Service Centre will run it.\n\n" +
        "@Dr. Chen Yu presented the survey of East Lake Normal University, Child Welfare Research Centre. " +
        "@Gao Lei said that Hillside Parents' Association agrees, and ChildForum Secretariat will write it up.";

    private sealed record Arranged(GroupJson Group, MeetingJson Meeting, IReadOnlyList<string> Names, TestUser GaoLei);

    /// <summary>The names a reader must not get: every member's display name and organisation.</summary>
    private async Task<List<string>> NamesAsync(int groupId)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var response = await facilitator.GetAsync($"/api/v1/groups/{groupId}/members").WaitAsync(MeetingApi.Patience);
        var members = await response.ReadJsonAsync<List<MemberJson>>();
        return members.Select(m => m.DisplayName).Concat(members.Select(m => m.Organisation.Name)).Distinct().ToList();
    }

    /// <summary>A public group (so that anonymous readers can try too) of the default cast plus Gao Lei of Hillside, and a
    /// meeting that took place, with a published agenda naming presenters, attendance, a decision and actions that name
    /// people, and published Chatham House minutes.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var group = await App.NewGroupAsync("public");
        var gaoLei = await App.CreateUserAsync(Hillside, "Gao Lei");
        await App.AddMembershipAsync(group.Id, gaoLei.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, title: Unique.Name("Consultation"), agenda:
        [
            new("Opening", "Li Wen (facilitator)", 10),
            new("Protected time for directors", "Zhang Min", 40, "Background paper by Riverside District Civil Affairs Bureau."),
            new("Survey", "East Lake Normal University, Child Welfare Research Centre", 30, "Dr. Chen Yu and Gao Lei report."),
        ]);
        await facilitator.PublishAgendaAsync(meeting.Id);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        var official = await App.UserIdAsync(DemoUsers.Official);
        await facilitator.SetAttendanceAsync(meeting.Id,
            (await App.UserIdAsync(DemoUsers.Facilitator), "present"), (cso, "present"), (official, "present"),
            (await App.UserIdAsync(DemoUsers.Researcher), "apologies"), (gaoLei.Id, "present"));
        var item = meeting.WrittenItems[1].Id;
        await facilitator.AddDecisionAsync(meeting.Id, "@Zhang Min's proposal is accepted; Riverside District Civil Affairs Bureau funds the course.", item);
        await facilitator.AddActionAsync(meeting.Id, "Wang Jun sends the budget to Gao Lei", ownerUserId: official, agendaItemId: item);
        await facilitator.AddActionAsync(meeting.Id, "Sunflower Children's Service Centre drafts the training plan",
            ownerOrganisationId: await facilitator.OrganisationIdAsync("Sunflower Children's Service Centre"), dueDate: MeetingApi.Day(-1));
        await facilitator.AddActionAsync(meeting.Id, "Ask Dr. Chen Yu for the tables", ownerUserId: cso);
        await facilitator.SaveMinutesAsync(meeting.Id, MinutesBody, "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);
        return new Arranged(group, meeting, await NamesAsync(group.Id), gaoLei);
    }

    private static readonly string[] JsonRoutes =
    [
        "/api/v1/meetings/{meeting}",
        "/api/v1/meetings/{meeting}/minutes/versions/1",
        "/api/v1/groups/{group}/meetings",
        "/api/v1/groups/{group}/actions",
        "/api/v1/groups/{group}/actions?status=open",
    ];

    private static readonly string[] CalendarRoutes =
    [
        "/api/v1/meetings/{meeting}/calendar.ics",
        "/api/v1/groups/{group}/calendar.ics",
    ];

    private static string Url(string route, GroupJson group, int meetingId) => route
        .Replace("{group}", MeetingApi.Id(group.Id), StringComparison.Ordinal)
        .Replace("{meeting}", MeetingApi.Id(meetingId), StringComparison.Ordinal);

    /// <summary>Every API and calendar route a reader has, and the meeting's page, as that reader (bearer token for the
    /// API, cookie for the page).</summary>
    private async Task AssertNoNameReachesAsync(string? user, GroupJson group, int meetingId, IReadOnlyList<string> names)
    {
        using var api = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);
        using var browser = user is null ? App.CreateBrowserSession() : await App.SignInWithCookieAsync(user);
        var who = user ?? "an anonymous visitor";
        foreach (var route in JsonRoutes)
        {
            var url = Url(route, group, meetingId);
            Readable.AssertNoneOf(names, Readable.FromJson(await api.TextAsync(url)), $"GET {url} as {who}");
        }
        foreach (var route in CalendarRoutes)
        {
            var url = Url(route, group, meetingId);
            var ics = await api.TextAsync(url);
            Readable.AssertNoneOf(names, Readable.FromIcs(ics), $"GET {url} as {who}");
            Assert.Contains(Readable.Ics(ics).Events, e => e.Url?.AbsolutePath.EndsWith($"/meetings/{meetingId}", StringComparison.Ordinal) == true);
        }
        var page = $"/groups/{group.Slug}/meetings/{meetingId}";
        Readable.AssertNoneOf(names, Readable.FromHtml(await App.PageAsync(browser.Client, page), "main"), $"The page {page} as {who}");
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    [InlineData(null)]
    public async Task No_participant_s_name_or_organisation_reaches_a_reader_through_the_api_the_calendars_or_the_meeting_page(string? user)
    {
        var arranged = await ArrangeAsync();
        Assert.Equal(10, arranged.Names.Count);

        await AssertNoNameReachesAsync(user, arranged.Group, arranged.Meeting.Id, arranged.Names);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(null)]
    public async Task No_participant_s_name_or_organisation_reaches_a_reader_through_the_meetings_section_of_the_group_page(string? user)
    {
        var arranged = await ArrangeAsync();
        using var browser = user is null ? App.CreateBrowserSession() : await App.SignInWithCookieAsync(user);

        var html = await App.PageAsync(browser.Client, $"/groups/{arranged.Group.Slug}");

        var section = Readable.FromHtml(html, "section[aria-labelledby='meetings-heading']");
        Assert.Contains(arranged.Meeting.Title, section, StringComparison.Ordinal);
        Readable.AssertNoneOf(arranged.Names, section, $"The meetings section of /groups/{arranged.Group.Slug} as {user ?? "an anonymous visitor"}");
    }

    [SkippableFact]
    public async Task Readers_get_stakeholder_types_instead_of_people_and_organisations()
    {
        var arranged = await ArrangeAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var read = await cso.MeetingAsync(arranged.Meeting.Id);

        Assert.Equal(("chatham-house", "chatham-house"), (read.Attribution, read.Minutes!.Attribution));
        Assert.Empty(read.Attendance.Entries);
        Assert.Empty(read.Attendance.ByOrganisation);
        Assert.Equal(new CountsJson(3, 0, 0), read.Attendance.ByStakeholderType["cso"]);
        Assert.Equal(new CountsJson(1, 0, 0), read.Attendance.ByStakeholderType["government"]);
        Assert.Equal(new CountsJson(0, 1, 0), read.Attendance.ByStakeholderType["university"]);
        Assert.All(read.Actions, a => Assert.Equal((null, null, null), (a.Owner!.Id, a.Owner.Name, a.Owner.Organisation)));
        Assert.Equal(["government", "cso", "cso"], read.Actions.Select(a => a.Owner!.StakeholderType));
        Assert.Equal(["person", "organisation", "person"], read.Actions.Select(a => a.Owner!.Kind));
        Assert.Contains("a participant from civil society", Assert.Single(read.Decisions).Text, StringComparison.Ordinal);
        Assert.Equal("a participant from civil society", read.WrittenItems[1].Presenter);
    }

    [SkippableFact]
    public async Task Published_minutes_carry_the_stakeholder_type_phrases()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = App.CreateAnonymousClient();

        var minutes = (await anonymous.MeetingAsync(arranged.Meeting.Id)).Minutes!;

        Assert.Contains("**a participant from civil society** opened the meeting.", minutes.Body, StringComparison.Ordinal);
        Assert.Contains("**a participant from civil society** asked that directors get protected time. a participant from government said that a government department can fund a course; a civil-society organisation will run it.", minutes.Body, StringComparison.Ordinal);
        Assert.Contains("**a participant from a university** presented the survey of a university.", minutes.Body, StringComparison.Ordinal);
        Assert.Contains("<strong>a participant from civil society</strong>", minutes.Html, StringComparison.Ordinal);
        Assert.Equal(minutes.Body, (await anonymous.MinutesVersionAsync(arranged.Meeting.Id, 1)).Body);
    }

    [SkippableFact]
    public async Task Facilitator_still_sees_who_was_there_and_who_owns_what()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var read = await facilitator.MeetingAsync(arranged.Meeting.Id);

        Assert.Contains(read.Attendance.Entries, e => e.DisplayName == "Zhang Min" && e.Organisation == "Sunflower Children's Service Centre");
        Assert.Contains(read.Attendance.Entries, e => e.DisplayName == "Gao Lei" && e.Organisation == Hillside);
        Assert.Contains(read.Attendance.ByOrganisation, o => o.Name == Hillside);
        Assert.Equal("Wang Jun", read.Actions[0].Owner!.Name);
        Assert.Equal("Sunflower Children's Service Centre", read.Actions[1].Owner!.Name);
        Assert.Equal("Zhang Min", read.WrittenItems[1].Presenter);
        Assert.Equal(MinutesBody, read.Minutes!.Draft!.Body);
        // The check that readers get no names would find them in what the facilitator gets.
        Assert.Throws<Xunit.Sdk.XunitException>(() => Readable.AssertNoneOf(arranged.Names, Readable.FromJson(System.Text.Json.JsonSerializer.Serialize(read)), "the facilitator's view"));
    }

    [SkippableFact]
    public async Task Agenda_item_titles_of_a_chatham_house_meeting_do_not_name_participants_to_readers()
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, agenda:
        [
            new("Report of Sunflower Children's Service Centre", DurationMinutes: 20),
            new("Questions for Wang Jun", DurationMinutes: 20),
        ]);
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, "@Zhang Min reported. @Wang Jun answered.", "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);

        await AssertNoNameReachesAsync(null, group, meeting.Id, await NamesAsync(group.Id));
    }

    [SkippableFact]
    public async Task Names_of_a_member_who_left_the_group_stay_hidden_in_decisions_and_actions()
    {
        var group = await App.NewGroupAsync("public");
        var gaoLei = await App.CreateUserAsync(Hillside, "Gao Lei");
        await App.AddMembershipAsync(group.Id, gaoLei.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.AddDecisionAsync(meeting.Id, "Gao Lei coordinates the visits with Hillside Parents' Association.");
        await facilitator.AddActionAsync(meeting.Id, "Send the plan to Gao Lei", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await facilitator.SaveMinutesAsync(meeting.Id, "@Zhang Min and @Gao Lei spoke.", "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);
        using var anonymous = App.CreateAnonymousClient();
        Readable.AssertNoneOf(["Gao Lei", Hillside], Readable.FromJson(await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}")), "before Gao Lei left");

        using var removed = await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{gaoLei.Id}").WaitAsync(MeetingApi.Patience);
        await removed.AssertStatusAsync(HttpStatusCode.NoContent);

        Readable.AssertNoneOf(["Gao Lei", Hillside], Readable.FromJson(await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}")), $"GET /api/v1/meetings/{meeting.Id} after Gao Lei left the group");
    }

    /// <summary>The reader's view finds the names it hides in the database; SQLite's own lower() changes only ASCII
    /// letters, so a name with accented capitals written in another case must still be found there.</summary>
    [SkippableFact]
    public async Task Names_with_accented_capitals_written_in_another_case_stay_hidden()
    {
        var group = await App.NewGroupAsync("public");
        var organisation = Unique.Name("Ærø Ålesund Children's Forum");
        var person = Unique.Name("Émile Ørsted");
        await App.QueryDatabaseAsync(db =>
        {
            db.Organisations.Add(new Organisation { Name = organisation, StakeholderType = StakeholderType.Cso, CreatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        var member = await App.CreateUserAsync(organisation, person);
        await App.AddMembershipAsync(group.Id, member.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.AddDecisionAsync(meeting.Id, $"{person.ToLowerInvariant()} coordinates the visits with {organisation.ToUpperInvariant()}.");
        await facilitator.AddActionAsync(meeting.Id, $"Send the plan to {person.ToUpperInvariant()}", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await facilitator.SaveMinutesAsync(meeting.Id, "@Zhang Min spoke.", "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);
        using var anonymous = App.CreateAnonymousClient();

        var read = Readable.FromJson(await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}"));

        Readable.AssertNoneOf([person, organisation], read, $"GET /api/v1/meetings/{meeting.Id} as an anonymous visitor");
        Assert.Contains("coordinates the visits with", read, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Chinese_chatham_house_minutes_use_chinese_stakeholder_phrases_everywhere()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.AddDecisionAsync(meeting.Id, "采纳 @Zhang Min 的建议。");

        await facilitator.SaveMinutesAsync(meeting.Id, "## 培训\n\n@Zhang Min 指出需要培训。Wang Jun 表示 Riverside District Civil Affairs Bureau 支持。", "chatham-house");
        var minutes = await facilitator.PublishMinutesAsync(meeting.Id);

        Assert.Equal("zh-Hans", minutes.Language);
        Assert.Contains("**一位社会组织代表** 指出需要培训。一位政府部门代表 表示 一个政府部门 支持。", minutes.Body, StringComparison.Ordinal);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Equal("采纳 一位社会组织代表 的建议。", Assert.Single((await cso.MeetingAsync(meeting.Id)).Decisions).Text);
    }

    [SkippableFact]
    public async Task Actions_of_a_chatham_house_meeting_stay_anonymous_in_a_later_named_meeting_s_review()
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var chatham = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 10);
        var action = await facilitator.AddActionAsync(chatham.Id, "Zhang Min writes to Riverside District Civil Affairs Bureau", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await facilitator.SaveMinutesAsync(chatham.Id, "@Zhang Min spoke.", "chatham-house");
        await facilitator.PublishMinutesAsync(chatham.Id);
        var named = await facilitator.CreateMeetingAsync(group.Id);
        await facilitator.PublishAgendaAsync(named.Id);
        await facilitator.SaveMinutesAsync(named.Id, "@Wang Jun will speak.", "named");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var review = Assert.Single((await cso.MeetingAsync(named.Id)).Agenda!, a => a.ReviewsActions);

        var reviewed = Assert.Single(review.Actions!);
        Assert.Equal((action.Id, null, null, "cso"), (reviewed.Id, reviewed.Owner!.Id, reviewed.Owner.Name, reviewed.Owner.StakeholderType));
        var names = await NamesAsync(group.Id);
        Readable.AssertNoneOf(names, Readable.FromJson(await cso.TextAsync($"/api/v1/meetings/{named.Id}")), "the named meeting's review");
        Readable.AssertNoneOf(names, Readable.FromIcs(await cso.TextAsync($"/api/v1/meetings/{named.Id}/calendar.ics")), "the named meeting's calendar file");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ChathamHouseTestsOnSqlite(SqliteAppFixture fixture) : ChathamHouseTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ChathamHouseTestsOnPostgres(PostgresAppFixture fixture) : ChathamHouseTests(fixture);
