using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>Every page a member opens gets every file it asks for, in either language: no request answered with an
/// error, none failing, nothing written to the console as an error. The draft's print page (a page without the site's
/// layout) once lacked the site's icon, so every browser asked for <c>/favicon.ico</c> and got 404.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class PageResourcesTests(BrowserFixture browser)
{
    [SkippableTheory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    public async Task A_member_s_pages_load_everything_they_ask_for(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator, locale);
        var group = $"/groups/{DemoGroups.LeftBehindChildren}";
        await page.GotoAsync(group);
        var links = await page.EvaluateAsync<string[]>("""
            () => ["/threads/", "/drafts/", "/meetings/"].map(kind =>
                [...document.querySelectorAll(`main a[href*="${kind}"]`)].map(a => new URL(a.href).pathname).find(p => /\/\d+$/.test(p)))
            """);
        Assert.All(links, link => Assert.False(string.IsNullOrEmpty(link), "The group page links no thread, draft or meeting."));
        var (thread, draft, meeting) = (links[0], links[1], links[2]);
        var paths = new[]
        {
            "/", group, thread, draft, $"{draft}/print", $"{draft}/diff", $"{draft}/amendments", meeting, $"{meeting}/minutes",
            $"{group}/documents", $"{group}/archive", "/search?q=training", "/notifications", "/calendar", "/account/notifications",
        };

        var problems = new List<string>();
        var current = "";
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (problems) problems.Add($"{current}: {response.Status} {new Uri(response.Url).PathAndQuery}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // A page left while its live connection or a prefetch is open cancels them: that is not a failure of the page.
            if (request.Failure is not "net::ERR_ABORTED")
            {
                lock (problems) problems.Add($"{current}: failed {new Uri(request.Url).PathAndQuery} ({request.Failure})");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (problems) problems.Add($"{current}: console error {message.Text}");
            }
        };
        foreach (var path in paths)
        {
            current = path;
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        lock (problems)
        {
            Assert.True(problems.Count == 0, "Pages that asked for something they did not get:\n" + string.Join("\n", problems));
        }
    }
}
