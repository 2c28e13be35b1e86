using System.Net;
using System.Net.Http.Headers;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Http;

/// <summary>The group page and a meeting page ask the database the same number of times however many meetings the group
/// has held, however many of them have open actions or Chatham House minutes, however many papers the agenda has, and
/// however many people the site has: the group page reads its five upcoming and five past meetings with the limit in the
/// database, and the language of many meetings' minutes in one query (not one per meeting); a meeting page reads the
/// papers of all its agenda items in one load. And they read the same ROWS however many people and documents the site
/// has that they do not show: a Chatham House reader's view looks only for the names its texts hold, not at everyone.</summary>
public abstract class MeetingQueriesPerPageTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task The_group_and_meeting_pages_cost_the_same_queries_with_more_meetings_and_people()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 1);
        await facilitator.AddActionAsync(meeting.Id, "Write to the bureau", ownerUserId: cso);
        await facilitator.PublishAgendaAsync(meeting.Id);
        var items = meeting.WrittenItems;
        await UploadPaperAsync(facilitator, group.Id, items[0].Id);
        var chatham = await ChathamHouseMeetingAsync(facilitator, group.Id, cso);
        await AddMeetingsAsync(facilitator, group.Id, cso, 1);

        using var browser = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var counter = new RequestQueryCounter(App.Services);
        async Task AssertSameCostAsync(IReadOnlyList<string> urls, IReadOnlyList<(int Queries, int Rows)> baseline, string what)
        {
            for (var i = 0; i < urls.Count; i++)
            {
                var (queries, rows) = (await FewestQueriesAsync(counter, browser.Client, urls[i]), await FewestRowsAsync(counter, browser.Client, urls[i]));
                Assert.True(queries <= baseline[i].Queries, $"{urls[i]}: {baseline[i].Queries} queries, {queries} with {what}.");
                Assert.True(rows <= baseline[i].Rows, $"{urls[i]}: {baseline[i].Rows} rows read, {rows} with {what}.");
            }
        }
        string[] pages = [$"/groups/{group.Slug}", $"/groups/{group.Slug}/meetings/{meeting.Id}", $"/groups/{group.Slug}/meetings/{chatham.Id}"];
        var before = new List<(int Queries, int Rows)>();
        foreach (var page in pages)
        {
            await browser.Client.GetAsync(page); // warm: the first request of a page loads some things once per site
            before.Add((await FewestQueriesAsync(counter, browser.Client, page), await FewestRowsAsync(counter, browser.Client, page)));
        }
        Assert.All(before, count => Assert.True(count.Queries > 0 && count.Rows > 0, "The counters saw no query or row of a page that reads the database."));

        // More people on the site: the same queries and rows on every page.
        for (var i = 0; i < 10; i++)
        {
            await App.CreateUserAsync("Hillside Parents' Association", Unique.Name("Member"));
        }
        await AssertSameCostAsync(pages, before, "more people on the site");

        // Papers of a meeting the meeting pages do not show (the group page lists the group's documents: not measured here).
        var unshown = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 40);
        await facilitator.PublishAgendaAsync(unshown.Id);
        foreach (var item in unshown.WrittenItems)
        {
            await UploadPaperAsync(facilitator, group.Id, item.Id);
        }
        await AssertSameCostAsync(pages[1..], before.Skip(1).ToList(), "papers of another meeting");

        // More meetings, and papers on every item of the meeting's agenda: the same queries.
        await AddMeetingsAsync(facilitator, group.Id, cso, 7);
        foreach (var item in items.Skip(1))
        {
            await UploadPaperAsync(facilitator, group.Id, item.Id);
        }
        for (var i = 0; i < pages.Length; i++)
        {
            var after = await FewestQueriesAsync(counter, browser.Client, pages[i]);
            Assert.True(after <= before[i].Queries, $"{pages[i]}: {before[i].Queries} queries with a few meetings and papers, {after} with more.");
        }
    }

    /// <summary>The fewest commands of three requests: some checks are cached for a second per node.</summary>
    private static async Task<int> FewestQueriesAsync(RequestQueryCounter counter, HttpClient client, string url)
    {
        var fewest = int.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            fewest = Math.Min(fewest, await counter.QueriesOfAsync(client, url));
        }
        return fewest;
    }

    /// <summary>The fewest rows of three requests, for the same reason.</summary>
    private static async Task<int> FewestRowsAsync(RequestQueryCounter counter, HttpClient client, string url)
    {
        var fewest = int.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            fewest = Math.Min(fewest, await counter.RowsOfAsync(client, url));
        }
        return fewest;
    }

    /// <summary>A past meeting under Chatham House whose title, decision, action and minutes name people and organisations.</summary>
    private static async Task<MeetingJson> ChathamHouseMeetingAsync(HttpClient facilitator, int groupId, string owner)
    {
        var meeting = await facilitator.CreatePastMeetingAsync(groupId, daysAgo: 2, title: "Zhang Min's proposal " + Unique.Slug());
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.AddDecisionAsync(meeting.Id, "@Zhang Min's proposal is accepted; Riverside District Civil Affairs Bureau funds the course.");
        await facilitator.AddActionAsync(meeting.Id, "Wang Jun writes to Sunflower Children's Service Centre", ownerUserId: owner);
        await facilitator.SaveMinutesAsync(meeting.Id, "@Zhang Min reported. @Wang Jun answered.", "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);
        return meeting;
    }

    /// <summary>A meeting paper on an agenda item, through the files API.</summary>
    private static async Task UploadPaperAsync(HttpClient facilitator, int groupId, int agendaItemId)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("Paper\n会议材料\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "paper.txt");
        form.Add(new StringContent($"agenda-item:{agendaItemId}"), "attachTo");
        using var response = await facilitator.PostAsync($"/api/v1/groups/{groupId}/documents", form).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Per round: an upcoming meeting, and a past one under Chatham House (published minutes) with an open action.</summary>
    private static async Task AddMeetingsAsync(HttpClient facilitator, int groupId, string owner, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await facilitator.CreateMeetingAsync(groupId);
            var past = await facilitator.CreatePastMeetingAsync(groupId, daysAgo: 2 + i);
            await facilitator.AddActionAsync(past.Id, "Follow up " + Unique.Slug(), ownerUserId: owner);
            await facilitator.SaveMinutesAsync(past.Id, "@Zhang Min reported.", "chatham-house");
            await facilitator.PublishMinutesAsync(past.Id);
        }
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MeetingQueriesPerPageTestsOnSqlite(SqliteAppFixture fixture) : MeetingQueriesPerPageTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MeetingQueriesPerPageTestsOnPostgres(PostgresAppFixture fixture) : MeetingQueriesPerPageTests(fixture);
