using System.Net;
using ChildForum.Files.Tests.Archives;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Exports;

/// <summary>The meeting page links to the exports of decisions and actions for every reader and of attendance for
/// facilitators only; the draft page to the positions; a link followed with the page's sign-in cookie downloads the file.</summary>
public abstract class ExportLinkTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task The_meeting_and_draft_pages_link_to_the_exports_the_reader_may_take()
    {
        var group = await App.NewGroupAsync();
        using var facilitatorApi = await App.ClientForAsync(DemoUsers.Facilitator);
        var day = DateTime.UtcNow.Date.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var meeting = await facilitatorApi.CreateAsync($"/api/v1/groups/{group.Id}/meetings", new { title = "Review", startsAt = day + "T09:00", endsAt = day + "T10:00", timeZone = "UTC", location = "Room 2" });
        await facilitatorApi.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{meeting}/decisions", new { text = "Publish the review. 发布评估。" });
        var draft = await facilitatorApi.CreateAsync($"/api/v1/groups/{group.Id}/drafts", new { title = "Guideline", body = "# One\n\nText." });
        using var facilitator = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var member = await App.SignInWithCookieAsync(DemoUsers.Cso);

        using var facilitatorPage = await facilitator.GetPageAsync($"/groups/{group.Slug}/meetings/{meeting}");
        using var memberPage = await member.GetPageAsync($"/groups/{group.Slug}/meetings/{meeting}");
        using var draftPage = await member.GetPageAsync($"/groups/{group.Slug}/drafts/{draft}");

        Assert.Equal(Links(group.Id, "attendance", "decisions", "actions"), Exports(facilitatorPage));
        Assert.Equal(Links(group.Id, "decisions", "actions"), Exports(memberPage));
        Assert.Equal(Links(group.Id, "positions"), Exports(draftPage));
        using var download = await member.Client.GetAsync(Exports(memberPage)[0]);
        await download.AssertStatusAsync(HttpStatusCode.OK);
        var table = ExportApi.ReadCsv(await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Publish the review. 发布评估。"], table.Column("Decision"));
    }

    private static List<string> Exports(HtmlPage page) =>
        page.Document.QuerySelectorAll("a[download]").Select(a => a.GetAttribute("href")!).Where(h => h.Contains("/exports/", StringComparison.Ordinal)).ToList();

    private static List<string> Links(int groupId, params string[] tables) =>
        tables.SelectMany(t => new[] { $"/api/v1/groups/{groupId}/exports/{t}?format=csv", $"/api/v1/groups/{groupId}/exports/{t}?format=xlsx" }).ToList();
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ExportLinkTestsOnSqlite(SqliteAppFixture fixture) : ExportLinkTests(fixture);
