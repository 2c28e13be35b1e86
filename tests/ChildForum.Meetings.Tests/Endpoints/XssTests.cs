using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Whatever a meeting's title, agenda, minutes, decisions and actions say, the minutes' <c>html</c> in the API is
/// inert and the meeting, minutes and calendar pages carry no live markup from them.</summary>
public abstract class XssTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Hostile_meeting_texts_render_inert_in_the_api_and_on_every_meeting_page()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var agenda = XssCorpus.OneLine.Select(line => new AgendaItemRequest(line, Presenter: line, DurationMinutes: 5, Notes: line)).ToList();
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, title: XssCorpus.OneLine[0], agenda: agenda);
        var items = (await facilitator.MeetingAsync(meeting.Id)).Agenda!;
        var owner = await App.UserIdAsync(DemoUsers.Cso);
        foreach (var (line, item) in XssCorpus.OneLine.Zip(items))
        {
            await facilitator.AddDecisionAsync(meeting.Id, line, item.Id);
            await facilitator.AddActionAsync(meeting.Id, line, ownerUserId: owner, agendaItemId: item.Id);
        }
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, string.Join("\n\n", XssCorpus.Payloads));
        var published = await facilitator.PublishMinutesAsync(meeting.Id);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var reader = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var editor = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        var url = $"/groups/{group.Slug}/meetings/{meeting.Id}";

        Html.AssertInert("published minutes", "(the whole corpus)", published.Html!);
        Html.AssertInert("minutes version 1", "(the whole corpus)", (await member.MinutesVersionAsync(meeting.Id, 1)).Html!);
        Html.AssertInert("minutes in the meeting", "(the whole corpus)", (await member.MeetingAsync(meeting.Id)).Minutes!.Html!);
        foreach (var (session, path) in new[] { (reader, url), (reader, $"/groups/{group.Slug}"), (reader, "/calendar"), (editor, url), (editor, url + "/minutes") })
        {
            using var page = await session.GetPageAsync(path);
            Html.AssertPageInert(path, "(meeting title, agenda, decisions, actions and minutes from the corpus)", page.Html);
        }
        using var meetingPage = await reader.GetPageAsync(url);
        Assert.Contains(XssCorpus.OneLine[^1], meetingPage.Document.Body!.TextContent, StringComparison.Ordinal);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class XssTestsOnSqlite(SqliteAppFixture fixture) : XssTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class XssTestsOnPostgres(PostgresAppFixture fixture) : XssTests(fixture);
