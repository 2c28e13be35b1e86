using System.Net;
using System.Net.Http.Json;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Chatham House as an invariant (issue 10, finding 1): once a meeting has a published Chatham House version,
/// readers reach no name through earlier named versions either; a saved draft never changes what readers see; going
/// back to named is an explicit, audited step that leaves the Chatham House versions anonymous.</summary>
public abstract class ChathamHouseInvariantTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Named = "@Zhang Min proposed protected time. @Wang Jun said Riverside District Civil Affairs Bureau can fund it.";
    private const string Chatham = "@Zhang Min proposed protected time. @Wang Jun said the bureau can fund it. (corrected)";

    private static readonly string[] Names =
        ["Zhang Min", "Wang Jun", "Sunflower Children's Service Centre", "Riverside District Civil Affairs Bureau"];

    /// <summary>A public group's meeting that took place, with attendance and an action, its minutes published under
    /// names (version 1) and then republished under Chatham House (version 2).</summary>
    private async Task<(GroupJson Group, MeetingJson Meeting)> NamedThenChathamHouseAsync()
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.SetAttendanceAsync(meeting.Id, (await App.UserIdAsync(DemoUsers.Cso), "present"), (await App.UserIdAsync(DemoUsers.Official), "present"));
        await facilitator.AddActionAsync(meeting.Id, "Write the plan", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await facilitator.SaveMinutesAsync(meeting.Id, Named, "named");
        await facilitator.PublishMinutesAsync(meeting.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, Chatham, "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);
        return (group, meeting);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(DemoUsers.Outsider)]
    [InlineData(DemoUsers.Cso)]
    public async Task Named_version_published_before_a_chatham_house_one_is_withheld_from_readers(string? user)
    {
        var (_, meeting) = await NamedThenChathamHouseAsync();
        using var reader = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        using var earlier = await reader.GetAsync($"/api/v1/meetings/{meeting.Id}/minutes/versions/1").WaitAsync(MeetingApi.Patience);

        var problem = await earlier.ReadProblemAsync(HttpStatusCode.NotFound);
        Readable.AssertNoneOf(Names, problem.Body, "the refusal of version 1");
        var read = await reader.MeetingAsync(meeting.Id);
        Assert.Equal([2], read.Minutes!.Versions!.Select(v => v.Version));
        Assert.Equal(2, (await reader.MinutesVersionAsync(meeting.Id, 2)).Version);
    }

    [SkippableFact]
    public async Task Facilitator_still_reads_the_withheld_named_version_marked_as_withheld()
    {
        var (_, meeting) = await NamedThenChathamHouseAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var text = await facilitator.TextAsync($"/api/v1/meetings/{meeting.Id}/minutes/versions/1");

        Assert.Contains("**Zhang Min** (Sunflower Children's Service Centre)", text, StringComparison.Ordinal);
        Assert.Contains("\"withheldFromReaders\":true", text, StringComparison.Ordinal);
        var versions = await facilitator.TextAsync($"/api/v1/meetings/{meeting.Id}");
        Assert.Contains("{\"version\":1,", versions, StringComparison.Ordinal);
        Assert.Contains("\"withheldFromReaders\":true", versions, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Saving_a_named_draft_after_chatham_house_minutes_changes_nothing_readers_see()
    {
        var (group, meeting) = await NamedThenChathamHouseAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();
        var before = await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}");

        await facilitator.SaveMinutesAsync(meeting.Id, Named, "named");

        var after = await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}");
        Assert.Equal(before, after);
        var read = await anonymous.MeetingAsync(meeting.Id);
        Assert.Equal("chatham-house", read.Attribution);
        Assert.Empty(read.Attendance.Entries);
        Assert.All(read.Actions, a => Assert.Null(a.Owner!.Name));
        Readable.AssertNoneOf(Names, Readable.FromJson(after), $"GET /api/v1/meetings/{meeting.Id} after a named draft was saved");
        Assert.Equal("chatham-house", Assert.Single(await anonymous.MeetingsAsync(group.Id)).Attribution);
    }

    [SkippableFact]
    public async Task Saving_a_chatham_house_draft_before_any_minutes_are_published_changes_nothing_readers_see()
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SetAttendanceAsync(meeting.Id, (await App.UserIdAsync(DemoUsers.Cso), "present"));
        using var anonymous = App.CreateAnonymousClient();
        var before = await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}");

        await facilitator.SaveMinutesAsync(meeting.Id, Chatham, "chatham-house");

        Assert.Equal(before, await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}"));
        Assert.Equal("named", (await anonymous.MeetingAsync(meeting.Id)).Attribution);
        Assert.Equal("chatham-house", (await facilitator.MeetingAsync(meeting.Id)).Minutes!.Draft!.Attribution);
    }

    [SkippableFact]
    public async Task Publishing_under_names_after_chatham_house_needs_the_explicit_return_to_named()
    {
        var (_, meeting) = await NamedThenChathamHouseAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.SaveMinutesAsync(meeting.Id, Named + " Final.", "named");

        using var refused = await facilitator.SendPublishMinutesAsync(meeting.Id);

        var problem = await refused.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("\"code\":\"chatham-house\"", problem.Body, StringComparison.Ordinal);
        using var anonymous = App.CreateAnonymousClient();
        Assert.Equal([2], (await anonymous.MeetingAsync(meeting.Id)).Minutes!.Versions!.Select(v => v.Version));
    }

    [SkippableFact]
    public async Task Returning_to_named_is_audited_and_keeps_the_chatham_house_version_anonymous()
    {
        var (_, meeting) = await NamedThenChathamHouseAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.SaveMinutesAsync(meeting.Id, Named + " Final.", "named");

        using var published = await facilitator.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes/publish", new { returnToNamed = true }).WaitAsync(MeetingApi.Patience);

        var minutes = await published.ReadJsonAsync<MinutesJson>();
        Assert.Equal((3, "named"), (minutes.Version, minutes.Attribution));
        using var anonymous = App.CreateAnonymousClient();
        var read = await anonymous.MeetingAsync(meeting.Id);
        Assert.Equal("named", read.Attribution);
        Assert.Contains(read.Attendance.Entries, e => e.DisplayName == "Zhang Min");
        var chatham = await anonymous.TextAsync($"/api/v1/meetings/{meeting.Id}/minutes/versions/2");
        Readable.AssertNoneOf(Names, Readable.FromJson(chatham), "the Chatham House version 2 after the return to named");
        var target = MeetingApi.Id(meeting.Id);
        var audited = await App.QueryDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == "meeting.attribution-named" && e.TargetId == target).ToListAsync());
        Assert.Single(audited);
    }

    [SkippableFact]
    public async Task Minutes_page_publishes_a_named_draft_over_chatham_house_only_with_the_publish_under_names_box()
    {
        var (group, meeting) = await NamedThenChathamHouseAsync();
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        var url = $"/groups/{group.Slug}/meetings/{meeting.Id}/minutes";

        async Task<HttpResponseMessage> PublishAsync(bool returnToNamed)
        {
            Dictionary<string, string> fields;
            using (var page = await browser.GetPageAsync(url))
            {
                Assert.NotNull(page.Document.QuerySelector("input[name='ReturnToNamed']"));
                fields = page.MainFormFields().Where(f => f.Key == "__RequestVerificationToken").ToDictionary();
            }
            fields["Body"] = Named + " From the page.";
            fields["Attribution"] = "named";
            if (returnToNamed)
            {
                fields["ReturnToNamed"] = "true";
            }
            return await browser.PostFormAsync(url + "?handler=Publish", fields);
        }

        using (var refused = await PublishAsync(returnToNamed: false))
        {
            await refused.AssertStatusAsync(HttpStatusCode.Conflict);
            Assert.Contains("Publish under names", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var anonymous = App.CreateAnonymousClient();
        Assert.Equal("chatham-house", (await anonymous.MeetingAsync(meeting.Id)).Attribution);

        using var published = await PublishAsync(returnToNamed: true);

        await published.AssertStatusAsync(HttpStatusCode.Redirect);
        var read = await anonymous.MeetingAsync(meeting.Id);
        Assert.Equal(("named", 3), (read.Attribution, read.Minutes!.Version));
    }

    [SkippableFact]
    public async Task Return_to_named_is_refused_to_nobody_but_facilitators_and_means_nothing_on_a_named_meeting()
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, Named, "named");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var member = await cso.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes/publish", new { returnToNamed = true }).WaitAsync(MeetingApi.Patience);
        await member.ReadProblemAsync(HttpStatusCode.Forbidden);

        using var first = await facilitator.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes/publish", new { returnToNamed = true }).WaitAsync(MeetingApi.Patience);
        Assert.Equal(1, (await first.ReadJsonAsync<MinutesJson>()).Version);
        var target = MeetingApi.Id(meeting.Id);
        var audited = await App.QueryDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == "meeting.attribution-named" && e.TargetId == target));
        Assert.Equal(0, audited);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ChathamHouseInvariantTestsOnSqlite(SqliteAppFixture fixture) : ChathamHouseInvariantTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ChathamHouseInvariantTestsOnPostgres(PostgresAppFixture fixture) : ChathamHouseInvariantTests(fixture);
