using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ChildForum.Core.Data;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>The leak hunt: for every Chatham House meeting on the site (the demo's and every one the tests made so far,
/// plus one made here with names in every field, a named version before the Chatham House one, notifications, a later
/// meeting that reviews its actions and a named draft saved afterwards), every route a reader has, walked as an anonymous
/// visitor, an outsider and the group's members: no participant's display name or organisation name appears.</summary>
public abstract class LeakHuntTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly HtmlParser Parser = new();

    private sealed record ChathamMeeting(int Id, int GroupId, string Slug, int Versions, IReadOnlyList<string> Names, IReadOnlyList<string> Readers);

    private sealed class Reader(string who, HttpClient api, BrowserSession browser, string? userId) : IDisposable
    {
        public string Who => who;
        public HttpClient Api => api;
        public BrowserSession Browser => browser;
        public string? UserId => userId;

        public void Dispose()
        {
            api.Dispose();
            browser.Dispose();
        }
    }

    [SkippableFact]
    public async Task No_reader_reaches_a_participant_s_name_or_organisation_through_any_route_of_any_chatham_house_meeting()
    {
        var (arranged, token, member) = await ArrangeAsync();
        var meetings = await ChathamHouseMeetingsAsync();
        Assert.Contains(meetings, m => m.Id == arranged.Id);
        Assert.Contains(meetings, m => m.Slug == DemoGroups.LeftBehindChildren);

        var readers = new Dictionary<string, Reader>();
        try
        {
            foreach (var meeting in meetings)
            {
                foreach (var who in new[] { "", DemoUsers.Outsider }.Concat(meeting.Readers).Append(meeting.Id == arranged.Id ? member.Email : null).OfType<string>())
                {
                    if (!readers.TryGetValue(who, out var reader))
                    {
                        reader = readers[who] = await ReaderAsync(who, who == member.Email ? member : null);
                    }
                    await WalkAsync(meeting, reader);
                }
            }
            var memberReader = readers[member.Email];
            var notifications = Readable.FromHtml(await App.PageAsync(memberReader.Browser.Client, "/notifications"), "main");
            Assert.Contains("Minutes published", notifications, StringComparison.Ordinal);
            Readable.AssertNoneOf(arranged.Names, notifications, "/notifications of a member of the Chatham House meeting");
            await AssertSearchHasNoNamesAsync(arranged, token, readers[""]);
        }
        finally
        {
            foreach (var reader in readers.Values)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>A public group's meeting with names everywhere a facilitator can write them, published named and then
    /// under Chatham House; a later meeting reviewing its open actions; then a named draft saved (which must change nothing).</summary>
    private async Task<(ChathamMeeting Meeting, string Token, TestUser Member)> ArrangeAsync()
    {
        var token = "leakhunt" + Guid.NewGuid().ToString("N")[..10];
        var group = await App.NewGroupAsync("public");
        var gaoLei = await App.CreateUserAsync("Hillside Parents' Association", "Gao Lei");
        var member = await App.CreateUserAsync("Greenfield Foods Co.", "Xu Ping");
        await App.AddMembershipAsync(group.Id, gaoLei.Email, "member");
        await App.AddMembershipAsync(group.Id, member.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(
            $"Consultation {token} with Sunflower Children's Service Centre", MeetingApi.Wall(-5, 10), MeetingApi.Wall(-5, 12),
            location: "Office of Riverside District Civil Affairs Bureau",
            agenda:
            [
                new($"Opening {token}", "Li Wen (facilitator)", 10, "Zhang Min welcomes Gao Lei."),
                new("Report of East Lake Normal University, Child Welfare Research Centre", "Dr. Chen Yu", 30, "Xu Ping of Greenfield Foods Co. responds."),
            ]));
        await facilitator.PublishAgendaAsync(meeting.Id);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        await facilitator.SetAttendanceAsync(meeting.Id, (cso, "present"), (await App.UserIdAsync(DemoUsers.Official), "present"), (gaoLei.Id, "present"),
            (member.Id, "apologies"), (await App.UserIdAsync(DemoUsers.Researcher), "absent"));
        await facilitator.AddDecisionAsync(meeting.Id, "Wang Jun and Hillside Parents' Association agree with @Zhang Min.", meeting.WrittenItems[1].Id);
        await facilitator.AddActionAsync(meeting.Id, "Send Gao Lei the tables of Dr. Chen Yu", ownerUserId: member.Id);
        await facilitator.AddActionAsync(meeting.Id, "Greenfield Foods Co. drafts the budget", ownerOrganisationId: await facilitator.OrganisationIdAsync("Greenfield Foods Co."), dueDate: MeetingApi.Day(-1));
        await facilitator.SaveMinutesAsync(meeting.Id, $"## {token}\n\n@Zhang Min and @Gao Lei spoke for Sunflower Children's Service Centre.", "named");
        await facilitator.PublishMinutesAsync(meeting.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, $"## {token}\n\n@Zhang Min and @Gao Lei spoke. @Xu Ping sent apologies. Wang Jun answered.", "chatham-house");
        await facilitator.PublishMinutesAsync(meeting.Id);
        var later = await facilitator.CreateMeetingAsync(group.Id);
        await facilitator.PublishAgendaAsync(later.Id);
        Assert.Contains((await facilitator.MeetingAsync(later.Id)).Agenda!, i => i.ReviewsActions && i.Actions!.Count == 2);
        await facilitator.SaveMinutesAsync(meeting.Id, "@Zhang Min and @Gao Lei spoke, under names after all.", "named");
        var found = (await ChathamHouseMeetingsAsync()).Single(m => m.Id == meeting.Id);
        Assert.Contains("Xu Ping", found.Names);
        Assert.Contains("Hillside Parents' Association", found.Names);
        return (found, token, member);
    }

    /// <summary>Every meeting readers get under Chatham House, with the names of everyone who may be named in it (the
    /// group's members, the attendance list and action owners, and their organisations) and the demo people who read
    /// the group without facilitating it.</summary>
    private async Task<List<ChathamMeeting>> ChathamHouseMeetingsAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var resolver = scope.ServiceProvider.GetRequiredService<IGroupAccessResolver>();
        var groupMembers = scope.ServiceProvider.GetRequiredService<IGroupMembers>();
        var demo = await db.Users.Where(u => DemoUsers.Members.Select(m => DemoUsers.Email(m).ToUpperInvariant()).Contains(u.NormalizedEmail!))
            .ToDictionaryAsync(u => u.Id, u => u.Email!);
        var result = new List<ChathamMeeting>();
        foreach (var meeting in await db.Set<Meeting>().AsNoTracking().Where(m => m.Attribution == Attributions.ChathamHouse).OrderBy(m => m.Id).ToListAsync())
        {
            var group = await resolver.GetAsync(meeting.GroupId, new System.Security.Claims.ClaimsPrincipal());
            var members = await groupMembers.GetMembersAsync(meeting.GroupId);
            var attendees = await db.Set<Attendance>().Where(a => a.MeetingId == meeting.Id).Select(a => a.UserId).ToListAsync();
            var actions = await db.Set<ActionItem>().Where(a => a.MeetingId == meeting.Id).ToListAsync();
            var people = members.Select(m => m.UserId).Concat(attendees).Concat(actions.Select(a => a.OwnerUserId).OfType<string>()).Distinct().ToList();
            var users = await db.Users.Where(u => people.Contains(u.Id)).Select(u => new { u.DisplayName, u.OrganisationId }).ToListAsync();
            var organisations = users.Select(u => u.OrganisationId).Concat(actions.Select(a => a.OwnerOrganisationId).OfType<int>()).Distinct().ToList();
            var names = users.Select(u => u.DisplayName)
                .Concat(await db.Organisations.Where(o => organisations.Contains(o.Id)).Select(o => o.Name).ToListAsync())
                .Where(n => n.Trim().Length >= 2).Distinct().ToList();
            var readers = members.Where(m => m.Role != GroupRole.Facilitator && demo.ContainsKey(m.UserId)).GroupBy(m => m.Role).Select(g => demo[g.First().UserId]).ToList();
            var versions = await db.Set<MinutesVersion>().Where(v => v.MeetingId == meeting.Id).CountAsync();
            result.Add(new ChathamMeeting(meeting.Id, meeting.GroupId, group?.Slug ?? "", versions, names, readers));
        }
        return result;
    }

    private async Task<Reader> ReaderAsync(string who, TestUser? user)
    {
        if (who.Length == 0)
        {
            return new Reader("an anonymous visitor", App.CreateAnonymousClient(), App.CreateBrowserSession(), null);
        }
        if (user is not null)
        {
            return new Reader(user.DisplayName, await App.ClientForAsync(user), await App.SignInWithCookieAsync(user.Email, user.Password), user.Id);
        }
        return new Reader(who, await App.ClientForAsync(who), await App.SignInWithCookieAsync(who), await App.UserIdAsync(who));
    }

    private async Task WalkAsync(ChathamMeeting meeting, Reader reader)
    {
        var id = MeetingApi.Id(meeting.Id);
        var group = MeetingApi.Id(meeting.GroupId);
        void Check(string text, string where) => Readable.AssertNoneOf(meeting.Names, text, $"{where} as {reader.Who} (Chatham House meeting {id})");

        // The meeting itself, every version of its minutes and its calendar file: the whole answer, whatever the status.
        foreach (var url in Enumerable.Range(1, meeting.Versions + 1).Select(n => $"/api/v1/meetings/{id}/minutes/versions/{n}")
                     .Prepend($"/api/v1/meetings/{id}/calendar.ics").Prepend($"/api/v1/meetings/{id}"))
        {
            var (status, body) = await GetAsync(reader.Api, url);
            Check(url.EndsWith(".ics", StringComparison.Ordinal) && status == HttpStatusCode.OK ? Readable.FromIcs(body) : Decoded(body), $"GET {url} ({(int)status})");
        }
        var meetingStatus = (await GetAsync(reader.Api, $"/api/v1/meetings/{id}")).Status;

        // Group-wide routes hold other (named) meetings too: only what belongs to this meeting is checked.
        var (listStatus, list) = await GetAsync(reader.Api, $"/api/v1/groups/{group}/meetings");
        Check(listStatus == HttpStatusCode.OK ? Only(list, "id", meeting.Id) : Decoded(list), $"GET /api/v1/groups/{group}/meetings");
        foreach (var status in new[] { "", "?status=open", "?status=done", "?status=dropped" })
        {
            var (actionsStatus, actions) = await GetAsync(reader.Api, $"/api/v1/groups/{group}/actions{status}");
            Check(actionsStatus == HttpStatusCode.OK ? Only(actions, "meetingId", meeting.Id) : Decoded(actions), $"GET /api/v1/groups/{group}/actions{status}");
        }
        var (feedStatus, feed) = await GetAsync(reader.Api, $"/api/v1/groups/{group}/calendar.ics");
        Check(feedStatus == HttpStatusCode.OK ? EventOf(feed, meeting.Id) : Decoded(feed), $"GET /api/v1/groups/{group}/calendar.ics");

        // Later meetings' "review of open actions".
        if (listStatus == HttpStatusCode.OK)
        {
            using var document = JsonDocument.Parse(list);
            foreach (var other in document.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetInt32()).Where(o => o != meeting.Id))
            {
                var read = await reader.Api.MeetingAsync(other);
                var reviewed = (read.Agenda ?? []).Where(i => i.ReviewsActions).SelectMany(i => i.Actions ?? []).Where(a => a.MeetingId == meeting.Id).ToList();
                Check(Readable.FromJson(JsonSerializer.Serialize(reviewed)), $"the review of open actions of meeting {other}");
            }
        }

        // Pages: the meeting, the group page's meetings section, and the facilitators' pages (refused to readers).
        var page = $"/groups/{meeting.Slug}/meetings/{id}";
        var (pageStatus, html) = await GetAsync(reader.Browser.Client, page);
        Assert.Equal(meetingStatus, pageStatus);
        Check(pageStatus == HttpStatusCode.OK ? Readable.FromHtml(html, "main") : html, $"the page {page}");
        var (groupStatus, groupHtml) = await GetAsync(reader.Browser.Client, $"/groups/{meeting.Slug}");
        Check(groupStatus == HttpStatusCode.OK ? LinesOf(groupHtml, page) : groupHtml, $"the meetings section of /groups/{meeting.Slug}");
        foreach (var facilitators in new[] { $"{page}/minutes", $"{page}/edit" })
        {
            var (status, body) = await GetAsync(reader.Browser.Client, facilitators);
            Assert.NotEqual(HttpStatusCode.OK, status);
            Check(body, $"the page {facilitators}");
        }

        // Notifications about the meeting that the reader got, and the search documents of the meeting and its minutes.
        if (reader.UserId is { } userId)
        {
            var texts = await App.QueryDatabaseAsync(db => db.Notifications.Where(n => n.UserId == userId && (n.Url == page || n.Url.StartsWith(page + "#"))).Select(n => n.Text).ToListAsync());
            Check(string.Join("\n", texts), "the notifications about it");
        }
        await using var scope = App.Services.CreateAsyncScope();
        foreach (var source in scope.ServiceProvider.GetServices<ISearchSource>().Where(s => s.Kind is "meeting" or "minutes"))
        {
            var parent = $"{source.Kind}:{id}";
            var documents = (await source.LoadAsync([parent], CancellationToken.None))[parent];
            Check(string.Join("\n", documents.Select(d => d.Title + "\n" + d.Body)), $"the search documents of {parent}");
        }
    }

    /// <summary>The search API as an anonymous visitor: the meeting and its minutes are found by a word they contain,
    /// with no name in titles or snippets; searching for a participant's name finds neither.</summary>
    private async Task AssertSearchHasNoNamesAsync(ChathamMeeting meeting, string token, Reader anonymous)
    {
        var url = $"/api/v1/search?q={token}&group={meeting.Slug}&pageSize=100";
        bool Complete(string body) => ItemsOf(body, meeting.Id).Select(i => i.GetProperty("type").GetString()).Distinct().Count() == 2;
        bool Clean(string body) => !meeting.Names.Any(n => Readable.FromJson(JsonSerializer.Serialize(ItemsOf(body, meeting.Id))).Contains(n, StringComparison.OrdinalIgnoreCase));
        // Indexing is asynchronous: wait (at most 30 s) until both are found and the named version's document is replaced.
        string found = "";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !(Complete(found = (await GetAsync(anonymous.Api, url)).Body) && Clean(found)))
        {
            await Task.Delay(200);
        }
        Assert.True(Complete(found), $"GET {url} did not find both the meeting and its minutes ({meeting.Id}) in 30 s:{Environment.NewLine}{found}");
        Readable.AssertNoneOf(meeting.Names, Readable.FromJson(JsonSerializer.Serialize(ItemsOf(found, meeting.Id))), $"GET {url}");
        foreach (var name in meeting.Names)
        {
            var (_, byName) = await GetAsync(anonymous.Api, $"/api/v1/search?q={Uri.EscapeDataString('"' + name + '"')}&group={meeting.Slug}&pageSize=100");
            Assert.True(ItemsOf(byName, meeting.Id).Count == 0, $"Searching for \"{name}\" finds the Chatham House meeting {meeting.Id}:{Environment.NewLine}{byName}");
        }
    }

    private static List<JsonElement> ItemsOf(string searchResult, int meetingId)
    {
        using var document = JsonDocument.Parse(searchResult);
        return document.RootElement.TryGetProperty("items", out var items)
            ? items.EnumerateArray().Where(i => i.GetProperty("id").GetString() == MeetingApi.Id(meetingId) && i.GetProperty("type").GetString() is "meeting" or "minutes").Select(i => i.Clone()).ToList()
            : [];
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url).WaitAsync(MeetingApi.Patience);
        Assert.True((int)response.StatusCode < 500, $"GET {url} answered {(int)response.StatusCode}.");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A JSON answer decoded (names cannot hide behind escapes), or the text as it is.</summary>
    private static string Decoded(string body)
    {
        try
        {
            return Readable.FromJson(body);
        }
        catch (JsonException)
        {
            return body;
        }
    }

    /// <summary>The elements of a JSON array whose <paramref name="property"/> is the meeting's id.</summary>
    private static string Only(string json, string property, int meetingId)
    {
        using var document = JsonDocument.Parse(json);
        var mine = document.RootElement.EnumerateArray().Where(e => e.GetProperty(property).GetInt32() == meetingId).Select(e => e.Clone()).ToList();
        return Readable.FromJson(JsonSerializer.Serialize(mine));
    }

    /// <summary>The VEVENT of the meeting in a feed (unfolded and unescaped).</summary>
    private static string EventOf(string ics, int meetingId)
    {
        var events = Readable.FromIcs(ics).Split("BEGIN:VEVENT").Skip(1).Select(e => e.Split("END:VEVENT")[0]);
        return string.Join("\n", events.Where(e => Regex.IsMatch(e, $@"/meetings/{meetingId}(?!\d)")));
    }

    /// <summary>The lines of the group page's meetings section that link to the meeting (its line and its open actions).</summary>
    private static string LinesOf(string html, string meetingPage)
    {
        using var document = Parser.ParseDocument(html);
        var section = document.QuerySelector("section[aria-labelledby='meetings-heading']");
        var lines = section?.QuerySelectorAll("li").Where(li => li.QuerySelectorAll("a").Any(a =>
            a.GetAttribute("href") is { } href && (href == meetingPage || href.StartsWith(meetingPage + "#", StringComparison.Ordinal)))) ?? [];
        return string.Join("\n", lines.Select(li => li.TextContent + "\n" + string.Join("\n", li.Descendants<IElement>().SelectMany(e => e.Attributes).Select(a => a.Value))));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class LeakHuntTestsOnSqlite(SqliteAppFixture fixture) : LeakHuntTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class LeakHuntTestsOnPostgres(PostgresAppFixture fixture) : LeakHuntTests(fixture);
