using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>The search page as a researcher uses it: a Chinese word found inside longer text and marked, a facet that
/// narrows the results, a hit that leads to the exact place; axe finds nothing serious, in English or Chinese. "Download
/// results" with its script: the file arrives as a browser download, the live region says how it went, and the file
/// holds only what the reader may read.</summary>
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

    private static readonly string[] Columns = SearchExportFiles.Columns;

    [SkippableFact]
    public async Task Csv_download_is_the_file_with_a_bom_the_header_and_as_many_rows_as_the_page_said_and_the_live_region_says_so()
    {
        var page = await browser.NewPageAsync();
        var total = await SearchAsync(page, "children");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV (spreadsheet)" }).ClickAsync());

        Assert.Matches(@"^childforum-search-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("\uFEFF"u8.ToArray(), bytes[..3]);
        var rows = SearchExportFiles.CsvRows(bytes);
        Assert.Equal(total, rows.Count);
        Assert.All(rows, row => Assert.Equal(DemoGroups.LeftBehindChildren, row["group"]));
        var status = page.Locator("[data-export-status]");
        await Assertions.Expect(status).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(status).ToHaveTextAsync($"Download complete. Rows in the file: {total}.");
        await Assertions.Expect(page.Locator("[data-export-cancel]")).ToBeHiddenAsync();
    }

    [SkippableFact]
    public async Task Json_lines_download_has_one_object_per_result_announced_in_chinese()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso, "zh-CN");
        var total = await SearchAsync(page, "儿童");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "JSON Lines（供程序使用）" }).ClickAsync());

        Assert.Matches(@"^childforum-search-\d{4}-\d{2}-\d{2}\.jsonl$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(total, lines.Length);
        foreach (var line in lines)
        {
            var row = JsonDocument.Parse(line).RootElement;
            Assert.Equal(Columns, row.EnumerateObject().Select(p => p.Name));
            Assert.Contains("儿童", row.GetProperty("title").GetString() + row.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(row.GetProperty("group").GetProperty("slug").GetString()));
        }
        await Assertions.Expect(page.Locator("[data-export-status]")).ToHaveTextAsync($"下载完成，文件共 {total} 行。");
    }

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Search_page_with_the_download_control_is_accessible_before_and_after_a_download(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Researcher, locale);
        await SearchAsync(page, "children");
        await Assertions.Expect(page.Locator("[data-export] a[data-export-link]")).ToHaveCountAsync(2);
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export] a[data-export-link]").First.ClickAsync());
        await Assertions.Expect(page.Locator("[data-export-status]")).Not.ToBeEmptyAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [SkippableFact]
    public async Task A_member_of_one_group_does_not_get_another_members_only_groups_rows_in_the_file()
    {
        var word = "export" + Unique.Suffix();
        var mine = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        var theirs = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "member"));
        using var facilitator = await browser.App.ClientForAsync(DemoUsers.Facilitator);
        foreach (var group in new[] { mine, theirs })
        {
            using var created = await facilitator.PostAsync($"/api/v1/groups/{group.Slug}/threads",
                JsonContent.Create(new { title = $"Plans of {group.Slug}", body = $"The word {word} in {group.Slug}." }));
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }
        // Both groups' content is in the index (the facilitator of both finds it) before the member looks.
        await WaitUntilFoundAsync(facilitator, word, mine.Slug);
        await WaitUntilFoundAsync(facilitator, word, theirs.Slug);

        var page = await browser.SignedInPageAsync(DemoUsers.Cso);
        var total = await SearchAsync(page, word);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV (spreadsheet)" }).ClickAsync());

        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        var rows = SearchExportFiles.CsvRows(bytes);
        Assert.Equal(total, rows.Count);
        Assert.All(rows, row => Assert.Equal(mine.Slug, row["group"]));
        Assert.DoesNotContain(theirs.Slug, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-export-status]")).ToHaveTextAsync($"Download complete. Rows in the file: {total}.");
    }

    [SkippableFact]
    public async Task Cancel_stops_the_download_says_so_and_returns_focus_to_the_link()
    {
        var page = await browser.NewPageAsync();
        await SearchAsync(page, "children");
        // The export never answers, so that the download is still under way when cancel is pressed.
        var unanswered = new TaskCompletionSource();
        await page.RouteAsync("**/api/v1/search/export?**", async route =>
        {
            await unanswered.Task;
            await route.AbortAsync();
        });
        var csv = page.GetByRole(AriaRole.Link, new() { Name = "CSV (spreadsheet)" });
        await csv.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel" });
        await Assertions.Expect(cancel).ToBeVisibleAsync();
        await cancel.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("[data-export-status]")).ToHaveTextAsync("The download was cancelled.");
        await Assertions.Expect(cancel).ToBeHiddenAsync();
        await Assertions.Expect(csv).ToBeFocusedAsync();
        unanswered.SetResult();
    }

    [SkippableFact]
    public async Task A_failed_download_shows_the_servers_sentence_or_a_sentence_in_the_readers_language()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso, "zh-CN");
        await SearchAsync(page, "儿童");
        var answers = new Queue<Func<IRoute, Task>>([
            route => route.FulfillAsync(new() { Status = 503, ContentType = "application/problem+json", Body = """{"status":503,"detail":"搜索暂时不可用。"}""" }),
            route => route.AbortAsync("connectionreset"),
        ]);
        await page.RouteAsync("**/api/v1/search/export?**", route => answers.Dequeue()(route));
        var csv = page.Locator("[data-export] a[data-export-link]").First;
        var status = page.Locator("[data-export-status]");

        await csv.ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("下载失败：搜索暂时不可用。");
        // The browser's own message ("Failed to fetch") is English: the page says it in Chinese instead.
        await csv.ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("下载未完成，请稍后再试。");
    }

    /// <summary>Searches through the form and returns the number of results the page says it found.</summary>
    private static async Task<int> SearchAsync(IPage page, string q)
    {
        await page.GotoAsync("/search");
        await page.Locator("#q").FillAsync(q);
        await page.Locator("#q").PressAsync("Enter");
        // The demo content is indexed in the background when the site starts: the first search may come early.
        await Assertions.Expect(page.Locator(".hit").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var heading = await page.Locator("#results-heading").InnerTextAsync();
        return int.Parse(Regex.Match(heading, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilFoundAsync(HttpClient client, string q, string group)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={Uri.EscapeDataString(q)}&group={group}")).GetProperty("total").GetInt32() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{q} in {group} is not in the index after 30 s.");
            await Task.Delay(200);
        }
    }
}
