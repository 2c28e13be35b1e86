using System.Net;
using ChildForum.Files.Tests.Archives;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Pages;

/// <summary>The archive page as a browser without script uses it: a facilitator's button queues an archive, the list
/// shows its status and, once built, the download link; a member, an outsider and an anonymous visitor neither see it
/// nor can queue one, and the documents page links to it for facilitators only.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class ArchivePageTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_facilitator_builds_an_archive_from_the_page_and_finds_its_download_link()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var documents = await session.GetPageAsync($"/groups/{group.Slug}/documents");
        Assert.NotNull(documents.Document.QuerySelector($"main a[href='/groups/{group.Slug}/archive']"));
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/archive");
        Assert.Contains("No archive yet.", page.TextOf("[data-archives]"), StringComparison.Ordinal);

        using var posted = await session.PostFormAsync($"/groups/{group.Slug}/archive", page.MainFormFields());

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/groups/{group.Slug}/archive", posted.Headers.Location?.OriginalString);
        using var queued = await session.GetPageAsync($"/groups/{group.Slug}/archive");
        Assert.Contains("The archive is being built.", queued.Html, StringComparison.Ordinal);
        var row = Assert.Single(queued.Document.QuerySelectorAll("[data-archives] tbody tr"));
        var id = Guid.Parse(row.GetAttribute("data-archive-id") ?? throw new Xunit.Sdk.XunitException(row.OuterHtml));
        // The builder may already have finished: until it has, the row is followed and its link hidden.
        var finished = row.TextContent.Contains("Ready", StringComparison.Ordinal);
        Assert.Equal(finished ? "false" : "true", row.GetAttribute("data-archive-follow"));
        Assert.Equal(!finished, row.QuerySelector("[data-archive-download]")?.HasAttribute("hidden"));

        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        Assert.Equal("done", (await facilitator.WaitForArchiveAsync(id))[^1].Status);
        using var built = await session.GetPageAsync($"/groups/{group.Slug}/archive");
        var done = Assert.Single(built.Document.QuerySelectorAll("[data-archives] tbody tr"));
        Assert.Equal("false", done.GetAttribute("data-archive-follow"));
        Assert.Contains("Ready", done.TextContent, StringComparison.Ordinal);
        var link = done.QuerySelector("a[data-archive-download]") ?? throw new Xunit.Sdk.XunitException(done.OuterHtml);
        Assert.False(link.HasAttribute("hidden"));
        Assert.Equal($"/api/v1/archives/{id:D}/content", link.GetAttribute("href"));
        Assert.Null(built.Document.QuerySelector("[data-archive-refresh]"));
    }

    [Fact]
    public async Task The_page_is_in_chinese_for_a_chinese_reader()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        session.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        session.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/archive");
        Assert.Contains("生成档案", page.TextOf("main form"), StringComparison.Ordinal);
        Assert.Contains("还没有档案。", page.TextOf("[data-archives]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_outsiders_and_visitors_neither_see_the_page_nor_queue_an_archive()
    {
        var group = await App.NewGroupAsync();
        using var member = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using (var documents = await member.GetPageAsync($"/groups/{group.Slug}/documents"))
        {
            Assert.Null(documents.Document.QuerySelector($"a[href='/groups/{group.Slug}/archive']"));
            using var refused = await member.PostFormAsync($"/groups/{group.Slug}/archive", documents.MainFormFields());
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("denied", refused.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
        }
        using (var seen = await member.Client.GetAsync($"/groups/{group.Slug}/archive"))
        {
            Assert.Equal(HttpStatusCode.Redirect, seen.StatusCode);
            Assert.Contains("denied", seen.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
        }
        using (var outsider = await App.SignInWithCookieAsync(DemoUsers.Outsider))
        using (var response = await outsider.Client.GetAsync($"/groups/{group.Slug}/archive"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(group.Name, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var visitor = App.CreateBrowserSession())
        using (var response = await visitor.Client.GetAsync($"/groups/{group.Slug}/archive"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("login", response.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
        }

        using var facilitator = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var page = await facilitator.GetPageAsync($"/groups/{group.Slug}/archive");
        Assert.Contains("No archive yet.", page.TextOf("[data-archives]"), StringComparison.Ordinal);
    }
}
