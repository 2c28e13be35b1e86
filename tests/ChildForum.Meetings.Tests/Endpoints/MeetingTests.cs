using System.Net;
using System.Net.Http.Json;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Meetings: creating (times in the meeting's zone), listing, reading, changing, cancelling; the agenda hidden
/// until published; the automatic review of open actions from earlier meetings.</summary>
public abstract class MeetingTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Facilitator_creates_a_meeting_and_gets_201_with_its_location_and_the_times_in_the_zone_s_offset()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var title = Unique.Name("Summer meeting");

        using var response = await facilitator.SendCreateMeetingAsync(group.Id, MeetingApi.MeetingBody(
            title, "2027-07-01T09:30", "2027-07-01T11:00", "Europe/Copenhagen", "Room 4, Town Hall", "https://meet.example.org/room-4"));

        var raw = await response.Content.ReadAsStringAsync();
        var meeting = await response.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/meetings/{meeting.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((title, group.Id, "Europe/Copenhagen", "Room 4, Town Hall", "https://meet.example.org/room-4", "planned", false, false),
            (meeting.Title, meeting.GroupId, meeting.TimeZone, meeting.Location, meeting.OnlineUrl, meeting.Status, meeting.AgendaPublished, meeting.MinutesPublished));
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 9, 30, 0, TimeSpan.FromHours(2)), meeting.StartsAt);
        Assert.Equal(TimeSpan.FromHours(2), meeting.StartsAt.Offset);
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 11, 0, 0, TimeSpan.FromHours(2)), meeting.EndsAt);
        Assert.Equal(TimeSpan.FromHours(2), meeting.EndsAt.Offset);
        Assert.Contains("\"startsAt\":\"2027-07-01T09:30:00+02:00\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"endsAt\":\"2027-07-01T11:00:00+02:00\"", raw, StringComparison.Ordinal);
        Assert.Equal(MeetingApi.DefaultAgenda.Select(a => a.Title), meeting.Agenda!.Select(a => a.Title));
        Assert.Equal([1, 2, 3], meeting.Agenda!.Select(a => a.Position));
        Assert.Equal(("Survey team", 30, "Tables are attached."), (meeting.Agenda![1].Presenter, meeting.Agenda[1].DurationMinutes, meeting.Agenda[1].Notes));
    }

    [SkippableTheory]
    [InlineData("Europe/Copenhagen", "2027-12-01T09:30", "2027-12-01T11:00", "2027-12-01T09:30:00+01:00")]
    [InlineData("Asia/Shanghai", "2027-07-01T14:00", "2027-07-01T16:00", "2027-07-01T14:00:00+08:00")]
    [InlineData("Asia/Shanghai", "2027-12-01T14:00", "2027-12-01T16:00", "2027-12-01T14:00:00+08:00")]
    [InlineData("Europe/Copenhagen", "2027-12-01T09:00:00+08:00", "2027-12-01T10:00:00+08:00", "2027-12-01T02:00:00+01:00")]
    [InlineData("Asia/Shanghai", "2027-07-01T06:00:00Z", "2027-07-01T08:00:00Z", "2027-07-01T14:00:00+08:00")]
    [InlineData("UTC", "2027-07-01T06:00", "2027-07-01T08:00", "2027-07-01T06:00:00+00:00")]
    public async Task Times_are_echoed_in_the_meeting_s_zone_with_its_offset_on_that_day(string zone, string startsAt, string endsAt, string expected)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var expectedStart = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(startsAt: startsAt, endsAt: endsAt, timeZone: zone));

        Assert.Equal(expectedStart, meeting.StartsAt);
        Assert.Equal(expectedStart.Offset, meeting.StartsAt.Offset);
        Assert.Equal(expectedStart.Offset, meeting.EndsAt.Offset);
        var listed = Assert.Single(await facilitator.MeetingsAsync(group.Id));
        Assert.Equal((expectedStart, expectedStart.Offset), (listed.StartsAt, listed.StartsAt.Offset));
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((expectedStart, expectedStart.Offset), (read.StartsAt, read.StartsAt.Offset));
    }

    [SkippableFact]
    public async Task Group_lists_its_meetings_earliest_first_to_members_and_observers_and_each_can_be_read()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var later = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody("Later", MeetingApi.Wall(40), MeetingApi.Wall(40, 12)));
        var earlier = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody("Earlier", MeetingApi.Wall(20), MeetingApi.Wall(20, 12)));
        var other = await App.NewGroupAsync();
        await facilitator.CreateMeetingAsync(other.Id);

        foreach (var user in new[] { DemoUsers.Cso, DemoUsers.Researcher, DemoUsers.Facilitator })
        {
            using var client = await App.ClientForAsync(user);
            var list = await client.MeetingsAsync(group.Id);
            Assert.Equal([earlier.Id, later.Id], list.Select(m => m.Id));
            Assert.Equal(["Earlier", "Later"], list.Select(m => m.Title));
            Assert.Equal([earlier.Id, later.Id], (await client.MeetingsAsync(group.Slug)).Select(m => m.Id));
            var read = await client.MeetingAsync(later.Id);
            Assert.Equal((later.Id, "Later", group.Id, later.StartsAt), (read.Id, read.Title, read.GroupId, read.StartsAt));
        }
    }

    [SkippableFact]
    public async Task Patch_changes_what_it_names_keeps_the_rest_replaces_the_agenda_and_counts_the_change()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody("Before", "2027-12-01T09:30", "2027-12-01T11:00", "Europe/Copenhagen"));

        var changed = await facilitator.PatchMeetingAsync(meeting.Id, new
        {
            title = "After",
            startsAt = "2027-07-01T10:00",
            endsAt = "2027-07-01T12:00",
            agenda = new[] { new AgendaItemRequest("Only item", "Someone", 45) },
        });

        Assert.Equal(("After", "Room 3, Town Hall", "Europe/Copenhagen"), (changed.Title, changed.Location, changed.TimeZone));
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 10, 0, 0, TimeSpan.FromHours(2)), changed.StartsAt);
        Assert.Equal(TimeSpan.FromHours(2), changed.StartsAt.Offset);
        Assert.Equal(["Only item"], changed.Agenda!.Select(a => a.Title));
        Assert.True(changed.Sequence > meeting.Sequence, $"Sequence {meeting.Sequence} → {changed.Sequence}");
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal(("After", changed.StartsAt, 1), (read.Title, read.StartsAt, read.Agenda!.Count));

        var moved = await facilitator.PatchMeetingAsync(meeting.Id, new { location = "Room 9" });
        Assert.Equal(("After", "Room 9", changed.StartsAt), (moved.Title, moved.Location, moved.StartsAt));
        Assert.Equal(["Only item"], moved.Agenda!.Select(a => a.Title));
        Assert.True(moved.Sequence > changed.Sequence);
    }

    [SkippableFact]
    public async Task Patch_of_the_time_zone_alone_keeps_the_instants_and_shows_them_in_the_new_zone()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(startsAt: "2027-12-01T09:30", endsAt: "2027-12-01T11:00", timeZone: "Europe/Copenhagen"));

        var changed = await facilitator.PatchMeetingAsync(meeting.Id, new { timeZone = "Asia/Shanghai" });

        Assert.Equal("Asia/Shanghai", changed.TimeZone);
        Assert.Equal(meeting.StartsAt, changed.StartsAt);
        Assert.Equal(TimeSpan.FromHours(8), changed.StartsAt.Offset);
    }

    [SkippableFact]
    public async Task Cancel_is_200_with_status_cancelled_and_a_second_cancel_is_409()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id);

        var cancelled = await facilitator.CancelAsync(meeting.Id);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.True(cancelled.Sequence > meeting.Sequence);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Equal("cancelled", (await cso.MeetingAsync(meeting.Id)).Status);
        Assert.Equal("cancelled", Assert.Single(await cso.MeetingsAsync(group.Id)).Status);
        using var again = await facilitator.SendCancelAsync(meeting.Id);
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Meeting_with_published_minutes_cannot_be_cancelled()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, "The group met.");
        await facilitator.PublishMinutesAsync(meeting.Id);

        using var response = await facilitator.SendCancelAsync(meeting.Id);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("minutes-published", (await facilitator.MeetingAsync(meeting.Id)).Status);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    [InlineData(null)]
    public async Task Agenda_is_null_for_readers_until_it_is_published_but_facilitators_see_it(string? user)
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var secretItem = Unique.Name("Unpublished item");
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(agenda: [new(secretItem, "Zhang Min", 20)]));
        using var reader = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        using var response = await reader.GetAsync($"/api/v1/meetings/{meeting.Id}").WaitAsync(MeetingApi.Patience);
        var raw = await response.Content.ReadAsStringAsync();
        var read = await response.ReadJsonAsync<MeetingJson>();

        Assert.Null(read.Agenda);
        Assert.False(read.AgendaPublished);
        Assert.DoesNotContain(secretItem, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(secretItem, await reader.TextAsync($"/api/v1/meetings/{meeting.Id}/calendar.ics"), StringComparison.Ordinal);
        Assert.DoesNotContain(secretItem, await reader.TextAsync($"/api/v1/groups/{group.Id}/calendar.ics"), StringComparison.Ordinal);
        Assert.DoesNotContain(secretItem, await reader.TextAsync($"/groups/{group.Slug}/meetings/{meeting.Id}"), StringComparison.Ordinal);
        Assert.Equal([secretItem], (await facilitator.MeetingAsync(meeting.Id)).Agenda!.Select(a => a.Title));
    }

    [SkippableFact]
    public async Task Publishing_the_agenda_is_200_then_409_and_members_see_it_and_are_notified()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id);

        using var publish = await facilitator.SendPublishAgendaAsync(meeting.Id);
        var published = await publish.ReadJsonAsync<MeetingJson>();
        using var again = await facilitator.SendPublishAgendaAsync(meeting.Id);

        Assert.True(published.AgendaPublished);
        Assert.Equal("agenda-published", published.Status);
        Assert.True(published.Sequence > meeting.Sequence);
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
        foreach (var user in new[] { DemoUsers.Cso, DemoUsers.Official, DemoUsers.Researcher })
        {
            using var client = await App.ClientForAsync(user);
            var read = await client.MeetingAsync(meeting.Id);
            Assert.True(read.AgendaPublished);
            Assert.Equal(MeetingApi.DefaultAgenda.Select(a => a.Title), read.Agenda!.Select(a => a.Title));
        }
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        var outsider = await App.UserIdAsync(DemoUsers.Outsider);
        var url = $"/groups/{group.Slug}/meetings/{meeting.Id}";
        var notified = await App.QueryDatabaseAsync(db => db.Notifications.Where(n => n.Url == url).Select(n => new { n.UserId, n.Text }).ToListAsync());
        var forCso = Assert.Single(notified, n => n.UserId == cso);
        Assert.Contains(meeting.Title, forCso.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(notified, n => n.UserId == outsider);
    }

    /// <summary>A notification is kept as its English template and the template's arguments, and reads in the language
    /// of the page it is shown on (it was once stored as English text, and a Chinese reader read "Agenda published: …"
    /// among Chinese pages). A notification kept before templates (its text only) still shows that text.</summary>
    [SkippableFact]
    public async Task A_notification_reads_in_the_language_of_the_page()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody("Dormitory <visits> & after-school care"));
        await facilitator.PublishAgendaAsync(meeting.Id);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        var url = $"/groups/{group.Slug}/meetings/{meeting.Id}";
        await App.QueryDatabaseAsync(async db =>
        {
            db.Notifications.Add(new ChildForum.Core.Notifications.Notification { UserId = cso, Kind = "meeting", Text = "Kept as text: " + meeting.Title, Url = url, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        using var reader = await App.ClientForAsync(DemoUsers.Cso);

        var english = await NotificationsAsync(reader, "en");
        var chinese = await NotificationsAsync(reader, "zh-Hans");

        Assert.Contains($"Agenda published: {meeting.Title}", english);
        Assert.Contains($"议程已发布：{meeting.Title}", chinese);
        Assert.DoesNotContain($"Agenda published: {meeting.Title}", chinese);
        Assert.Contains($"Kept as text: {meeting.Title}", english);
        Assert.Contains($"Kept as text: {meeting.Title}", chinese);
        var stored = await App.QueryDatabaseAsync(db => db.Notifications.SingleAsync(n => n.UserId == cso && n.Url == url && n.Template != null));
        Assert.Equal(("Agenda published: {0}", $"Agenda published: {meeting.Title}"), (stored.Template, stored.Text));
    }

    private static async Task<List<string>> NotificationsAsync(HttpClient client, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/notifications");
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return [.. page.QuerySelectorAll(".notification-link").Select(link => link.TextContent.Trim())];
    }

    [SkippableFact]
    public async Task Open_actions_of_earlier_meetings_are_reviewed_first_on_a_later_meeting_s_agenda_and_closed_ones_are_not()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        var earlier = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 20);
        var open = await facilitator.AddActionAsync(earlier.Id, "Send the survey tables", ownerUserId: cso);
        var alsoOpen = await facilitator.AddActionAsync(earlier.Id, "Ask three counties", ownerOrganisationId: await facilitator.OrganisationIdAsync("Riverside District Civil Affairs Bureau"));
        var done = await facilitator.AddActionAsync(earlier.Id, "Book the room", ownerUserId: cso);
        var dropped = await facilitator.AddActionAsync(earlier.Id, "Print flyers", ownerUserId: cso);
        await facilitator.SetActionStatusAsync(done.Id, "done");
        await facilitator.SetActionStatusAsync(dropped.Id, "dropped");

        var later = await facilitator.CreateMeetingAsync(group.Id);
        // A meeting that starts before the earlier one has nothing to review, even though it was created after it.
        var before = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 30);

        var review = Assert.Single(later.Agenda!, a => a.ReviewsActions);
        Assert.Equal(0, review.Position);
        Assert.Equal(review, later.Agenda![0]);
        Assert.Equal([open.Id, alsoOpen.Id], review.Actions!.Select(a => a.Id).Order());
        Assert.DoesNotContain(before.Agenda!, a => a.ReviewsActions);
        Assert.DoesNotContain((await facilitator.MeetingAsync(earlier.Id)).Agenda!, a => a.ReviewsActions);

        await facilitator.SetActionStatusAsync(alsoOpen.Id, "done");
        await facilitator.PublishAgendaAsync(later.Id);
        using var member = await App.ClientForAsync(DemoUsers.Official);
        var seen = Assert.Single((await member.MeetingAsync(later.Id)).Agenda!, a => a.ReviewsActions);
        Assert.Equal([open.Id], seen.Actions!.Select(a => a.Id));
        Assert.Equal(("Send the survey tables", "open", cso), (seen.Actions![0].Title, seen.Actions[0].Status, seen.Actions[0].Owner?.Id));
    }

    [SkippableFact]
    public async Task Review_of_actions_is_added_when_the_agenda_is_published_if_actions_were_opened_since_the_meeting_was_created()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var earlier = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 5);
        var later = await facilitator.CreateMeetingAsync(group.Id);
        Assert.DoesNotContain(later.Agenda!, a => a.ReviewsActions);
        var action = await facilitator.AddActionAsync(earlier.Id, "Write the summary", ownerUserId: await App.UserIdAsync(DemoUsers.Official));

        var published = await facilitator.PublishAgendaAsync(later.Id);

        var review = Assert.Single(published.Agenda!, a => a.ReviewsActions);
        Assert.Equal([action.Id], review.Actions!.Select(a => a.Id));
    }

    [SkippableFact]
    public async Task Shortening_the_agenda_keeps_decisions_and_actions_of_removed_items_without_their_item()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var first = meeting.WrittenItems[0].Id;
        var last = meeting.WrittenItems[2].Id;
        var onFirst = await facilitator.AddDecisionAsync(meeting.Id, "On the first item.", first);
        var onLast = await facilitator.AddDecisionAsync(meeting.Id, "On the last item.", last);
        var action = await facilitator.AddActionAsync(meeting.Id, "On the last item", ownerUserId: await App.UserIdAsync(DemoUsers.Cso), agendaItemId: last);

        var changed = await facilitator.PatchMeetingAsync(meeting.Id, new { agenda = new[] { new AgendaItemRequest("Renamed first item") } });

        Assert.Equal([(first, "Renamed first item")], changed.Agenda!.Select(a => (a.Id, a.Title)));
        Assert.Equal([(onFirst.Id, (int?)first), (onLast.Id, null)], changed.Decisions.Select(d => (d.Id, d.AgendaItemId)));
        Assert.Equal([(action.Id, (int?)null)], changed.Actions.Select(a => (a.Id, a.AgendaItemId)));
    }

    [SkippableFact]
    public async Task Agenda_items_link_a_draft_or_a_thread_of_the_same_group_only()
    {
        var group = await App.NewGroupAsync();
        var other = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var draft = await CreateAsync(facilitator, $"/api/v1/groups/{group.Id}/drafts", Unique.Name("Linked draft"));
        var thread = await CreateAsync(facilitator, $"/api/v1/groups/{group.Id}/threads", Unique.Name("Linked thread"));
        var otherDraft = await CreateAsync(facilitator, $"/api/v1/groups/{other.Id}/drafts", "Draft of another group");
        var otherThread = await CreateAsync(facilitator, $"/api/v1/groups/{other.Id}/threads", "Thread of another group");

        using var foreign = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Links", startsAt = MeetingApi.Wall(5), endsAt = MeetingApi.Wall(5, 12), timeZone = "Asia/Shanghai",
            agenda = new object[] { new { title = "A", draftId = otherDraft.Id }, new { title = "B", threadId = otherThread.Id } },
        }).WaitAsync(MeetingApi.Patience);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, new
        {
            title = "Links", startsAt = MeetingApi.Wall(5), endsAt = MeetingApi.Wall(5, 12), timeZone = "Asia/Shanghai",
            agenda = new object[] { new { title = "The draft", draftId = draft.Id }, new { title = "The thread", threadId = thread.Id } },
        });

        var problem = await foreign.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["agenda[0].draftId", "agenda[1].threadId"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([((int?)draft.Id, (int?)null), (null, thread.Id)], meeting.Agenda!.Select(a => (a.DraftId, a.ThreadId)));
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Cso);
        await facilitator.PublishAgendaAsync(meeting.Id);
        var main = Readable.FromHtml(await App.PageAsync(browser.Client, $"/groups/{group.Slug}/meetings/{meeting.Id}"), "main");
        Assert.Contains(draft.Title, main, StringComparison.Ordinal);
        Assert.Contains(thread.Title, main, StringComparison.Ordinal);
    }

    private sealed record CreatedJson(int Id, string Title);

    private static async Task<CreatedJson> CreateAsync(HttpClient client, string url, string title)
    {
        using var response = await client.PostAsJsonAsync(url, new { title, body = "Some text." }).WaitAsync(MeetingApi.Patience);
        return await response.ReadJsonAsync<CreatedJson>(HttpStatusCode.Created);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(DemoUsers.Cso)]
    public async Task Group_page_lists_the_group_s_meetings_and_open_actions(string? user)
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var past = await facilitator.CreatePastMeetingAsync(group.Id, title: Unique.Name("Past meeting"));
        var action = await facilitator.AddActionAsync(past.Id, Unique.Name("Open action"), ownerUserId: await App.UserIdAsync(DemoUsers.Official));
        var upcoming = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(Unique.Name("Upcoming meeting")));
        using var browser = user is null ? App.CreateBrowserSession() : await App.SignInWithCookieAsync(user);

        var html = await App.PageAsync(browser.Client, $"/groups/{group.Slug}");

        var section = Readable.FromHtml(html, "section[aria-labelledby='meetings-heading']");
        Assert.Contains(past.Title, section, StringComparison.Ordinal);
        Assert.Contains(upcoming.Title, section, StringComparison.Ordinal);
        Assert.Contains(action.Title, section, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Meeting_page_shows_the_meeting_its_agenda_minutes_decisions_and_actions()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, title: Unique.Name("Page meeting"));
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.AddDecisionAsync(meeting.Id, "Training includes a yearly refresher.", meeting.WrittenItems[0].Id);
        await facilitator.AddActionAsync(meeting.Id, "Send the tables", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await facilitator.SaveMinutesAsync(meeting.Id, "@Wang Jun presented the survey.");
        await facilitator.PublishMinutesAsync(meeting.Id);
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Official);

        var main = Readable.FromHtml(await App.PageAsync(browser.Client, $"/groups/{group.Slug}/meetings/{meeting.Id}"), "main");

        foreach (var expected in new[] { meeting.Title, "Asia/Shanghai", "Findings of the survey", "Wang Jun", "Riverside District Civil Affairs Bureau", "Training includes a yearly refresher.", "Send the tables", "Zhang Min" })
        {
            Assert.Contains(expected, main, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Unknown_meeting_is_a_404_problem()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        foreach (var url in new[] { "/api/v1/meetings/987654321", "/api/v1/meetings/987654321/calendar.ics", "/api/v1/meetings/987654321/minutes/versions/1" })
        {
            using var response = await facilitator.GetAsync(url).WaitAsync(MeetingApi.Patience);
            await response.ReadProblemAsync(HttpStatusCode.NotFound);
        }
        using var patch = await facilitator.SendPatchAsync(987654321, new { title = "X" });
        await patch.ReadProblemAsync(HttpStatusCode.NotFound);
        using var action = await facilitator.SendActionStatusAsync(987654321, "done");
        await action.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MeetingTestsOnSqlite(SqliteAppFixture fixture) : MeetingTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MeetingTestsOnPostgres(PostgresAppFixture fixture) : MeetingTests(fixture);
