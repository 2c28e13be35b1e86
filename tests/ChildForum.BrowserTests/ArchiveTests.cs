using System.Net.Http.Json;
using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>The archive page in Chromium: a facilitator reaches it from the documents page, builds an archive with the
/// button, and the script follows it until its download link appears; axe finds nothing serious before or after.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class ArchiveTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Facilitator_builds_an_archive_and_gets_its_download_link()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using (var api = await browser.App.ClientForAsync(DemoUsers.Facilitator))
        using (var thread = await api.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title = "Weekend programme", body = "Who can run it?" }))
        {
            Assert.True(thread.IsSuccessStatusCode);
        }

        var facilitator = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await facilitator.GotoAsync($"/groups/{group.Slug}/documents");
        await facilitator.GetByRole(AriaRole.Link, new() { Name = "Build or download the group's archive" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator("[data-archives]")).ToContainTextAsync("No archive yet.");
        await Accessibility.AssertNoSeriousViolationsAsync(facilitator);

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Build archive" }).ClickAsync();
        var download = facilitator.Locator("[data-archives] a[data-archive-download]");
        await Assertions.Expect(download).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(facilitator.Locator("[data-archives] tbody")).ToContainTextAsync("Ready");
        Assert.StartsWith("/api/v1/archives/", await download.GetAttributeAsync("href"), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(facilitator);
    }
}
