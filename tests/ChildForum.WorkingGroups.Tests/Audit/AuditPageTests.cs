using System.Net;
using System.Net.Http.Json;
using ChildForum.Core.Audit;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Audit;

/// <summary>The administrators' audit log page, <c>/admin/audit</c>, and its filters.</summary>
public abstract class AuditPageTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Administrator_narrows_the_log_by_group_action_and_person()
    {
        var group = await GroupWithTwoChangesAsync();
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);

        var all = await RowsAsync(admin, $"/admin/audit?group={group.Id}");
        var added = await RowsAsync(admin, $"/admin/audit?group={group.Id}&action={AuditActions.MemberAdded}");
        var byFacilitator = await RowsAsync(admin, $"/admin/audit?group={group.Id}&actor=FACILITATOR@demo");

        // The group's creation by the administrator, then the facilitator's two changes.
        Assert.Equal(3, all.Count);
        Assert.Contains(DemoUsers.Email(DemoUsers.Official), Assert.Single(added), StringComparison.Ordinal);
        Assert.Equal(2, byFacilitator.Count);
        Assert.All(byFacilitator, row => Assert.Equal(DemoUsers.Email(DemoUsers.Facilitator), row.Split('|')[1]));
    }

    [SkippableFact]
    public async Task Dates_narrow_the_log_and_a_date_that_cannot_be_read_is_said_next_to_its_field()
    {
        var group = await GroupWithTwoChangesAsync();
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(3, (await RowsAsync(admin, $"/admin/audit?group={group.Id}&from={yesterday}&to={tomorrow}")).Count);
        Assert.Empty(await RowsAsync(admin, $"/admin/audit?group={group.Id}&from={tomorrow}"));
        Assert.Empty(await RowsAsync(admin, $"/admin/audit?group={group.Id}&to=2000-01-01"));

        using var garbled = await admin.GetPageAsync($"/admin/audit?group={group.Id}&from=yesterday");
        Assert.Contains("2026-03-01", garbled.TextOf("#from-error"), StringComparison.Ordinal);
        Assert.Equal("true", garbled.Document.QuerySelector("#from")!.GetAttribute("aria-invalid"));
        Assert.Equal("", garbled.TextOf("#to-error"));
        using var backwards = await admin.GetPageAsync($"/admin/audit?group={group.Id}&from=2026-03-02&to=2026-03-01");
        Assert.Contains("before", backwards.TextOf("#to-error"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Audit_log_speaks_chinese_to_a_chinese_browser()
    {
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        using var page = await admin.GetPageAsync("/admin/audit?from=yesterday");

        Assert.Equal("审计日志", page.TextOf("main h1"));
        Assert.Contains("例如", page.TextOf("#from-error"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Entries_read_in_the_language_of_the_page_and_what_people_wrote_stays_as_written()
    {
        var group = await GroupWithTwoChangesAsync();
        var official = DemoUsers.Email(DemoUsers.Official);
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        var url = $"/admin/audit?group={group.Id}&action={AuditActions.MemberRoleChanged}";

        var english = Assert.Single(await RowsAsync(admin, url)).Split('|');
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = Assert.Single(await RowsAsync(admin, url)).Split('|');

        Assert.Equal($"Changed {official} in '{group.Name}' from Observer to Member", english[4]);
        // The sentence and the roles are the page's words; the e-mail address and the group's name are as written.
        Assert.Equal($"将 {official} 在“{group.Name}”中的角色从观察员改为成员", chinese[4]);
        // The action by its name, with its code (what the filter and the API's readers know it by).
        Assert.Equal(("Member's role changed", "成员角色变更"), (english[2][..^AuditActions.MemberRoleChanged.Length], chinese[2][..^AuditActions.MemberRoleChanged.Length]));
        Assert.EndsWith(AuditActions.MemberRoleChanged, chinese[2], StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Facilitator)]
    [InlineData(DemoUsers.Cso)]
    public async Task People_who_are_not_administrators_are_sent_to_the_access_denied_page(string user)
    {
        using var person = await App.SignInWithCookieAsync(user);

        using var response = await person.Client.GetAsync("/admin/audit");

        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
    }

    /// <summary>A new group in which the facilitator adds the official as an observer and then makes them a member.</summary>
    private async Task<GroupJson> GroupWithTwoChangesAsync()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var added = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Official), role = "observer" });
        var member = await added.ReadJsonAsync<MemberJson>(HttpStatusCode.Created);
        using var changed = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{member.UserId}", new { role = "member" });
        await changed.AssertStatusAsync(HttpStatusCode.NoContent);
        return group;
    }

    /// <summary>The rows of the log's table, each as its cells' text joined with '|'.</summary>
    private static async Task<List<string>> RowsAsync(BrowserSession browser, string url)
    {
        using var page = await browser.GetPageAsync(url);
        return page.Document.QuerySelectorAll("table.data tbody tr")
            .Select(row => string.Join("|", row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim())))
            .ToList();
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class AuditPageTestsOnSqlite(SqliteAppFixture fixture) : AuditPageTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class AuditPageTestsOnPostgres(PostgresAppFixture fixture) : AuditPageTests(fixture);
