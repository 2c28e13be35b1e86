using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>The search page as a researcher uses it: a Chinese word found inside longer text and marked, a facet that
/// narrows the results, a hit that leads to the exact place; axe finds nothing serious, in English or Chinese.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class SearchTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task A_chinese_word_is_found_marked_and_a_facet_narrows_the_results()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso, "zh-CN");
        await page.GotoAsync("/search");
        await page.Locator("#q").FillAsync("儿童");
        await page.Locator("#q").PressAsync("Enter");

        // The demo content is indexed in the background when the site starts: the first search may come early.
        await Assertions.Expect(page.Locator(".hit").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".hit-snippet mark").First).ToHaveTextAsync("儿童");
        var all = await page.Locator(".hit").CountAsync();

        await page.Locator(".search-facets a", new() { HasText = "消息" }).ClickAsync();
        await Assertions.Expect(page.Locator(".search-facets a[aria-current=true]")).ToContainTextAsync("消息");
        var messages = await page.Locator(".hit").CountAsync();
        Assert.InRange(messages, 1, all);
        await Assertions.Expect(page.Locator(".hit .badge")).Not.ToContainTextAsync(["讨论"]);

        await page.Locator(".hit-title").First.ClickAsync();
        Assert.Matches(@"/threads/\d+#m\d+$", page.Url);
    }

    public static TheoryData<string> Locales => new() { "en-GB", "zh-CN" };

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Search_pages_are_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Admin, locale);
        foreach (var path in new[] { "/search", "/search?q=training", "/search?q=training&sort=bogus", "/admin/search" })
        {
            await page.GotoAsync(path);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }
}
