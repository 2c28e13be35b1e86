using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Http;

/// <summary>The group page and a meeting page ask the database the same number of times however many meetings the group
/// has held, however many of them have open actions or Chatham House minutes, and however many people the site has: the
/// group page reads its five upcoming and five past meetings with the limit in the database, and the language of many
/// meetings' minutes in one query (not one per meeting).</summary>
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
        await AddMeetingsAsync(facilitator, group.Id, cso, 1);

        using var browser = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var counter = new RequestQueryCounter(App.Services);
        string[] pages = [$"/groups/{group.Slug}", $"/groups/{group.Slug}/meetings/{meeting.Id}"];
        var before = new List<int>();
        foreach (var page in pages)
        {
            await browser.Client.GetAsync(page); // warm: the first request of a page loads some things once per site
            before.Add(await FewestQueriesAsync(counter, browser.Client, page));
        }
        Assert.All(before, count => Assert.True(count > 0, "The counter saw no query of a page that reads the database."));

        await AddMeetingsAsync(facilitator, group.Id, cso, 7);
        for (var i = 0; i < 3; i++)
        {
            await App.CreateUserAsync("Hillside Parents' Association", Unique.Name("Member"));
        }

        for (var i = 0; i < pages.Length; i++)
        {
            var after = await FewestQueriesAsync(counter, browser.Client, pages[i]);
            Assert.True(after <= before[i], $"{pages[i]}: {before[i]} queries with a few meetings, {after} with more.");
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
