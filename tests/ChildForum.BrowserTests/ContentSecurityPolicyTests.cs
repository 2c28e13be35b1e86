using System.Net.Http.Json;
using System.Text.Json;
using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>The Content-Security-Policy as Chromium enforces it: every main page opens with no violation (no inline
/// script, handler or style left anywhere), and the pages' scripts still work under it (a live message arrives, the
/// editor's preview renders). A page that did try inline script or style would be refused and reported.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    /// <summary>Runs before any script of each document: collects what the browser refused.</summary>
    private const string Watch = """
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", e =>
            window.__cspViolations.push(`${e.violatedDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`));
        """;

    [SkippableFact]
    public async Task Inline_script_handlers_and_style_attributes_are_refused_and_reported()
    {
        var (page, console) = await WatchedAsync(await browser.NewPageAsync());
        await page.GotoAsync("/");

        await page.EvaluateAsync("""
            () => {
                const script = document.createElement("script");
                script.textContent = "window.__inlineRan = true";
                document.body.append(script);
                document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image" onerror="window.__handlerRan = true">');
                document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p>');
            }
            """);

        await Assertions.Expect(page.Locator("p", new() { HasText = "styled" })).ToHaveCSSAsync("color", new System.Text.RegularExpressions.Regex("^(?!rgb\\(255, 0, 0\\)).*"));
        var violations = await WaitForViolationsAsync(page, 3);
        Assert.Contains(violations, v => v.StartsWith("script-src-elem", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("script-src-attr", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("style-src-attr", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("() => !!window.__inlineRan || !!window.__handlerRan"), "Inline script ran.");
        Assert.NotEmpty(console);
    }

    [SkippableFact]
    public async Task Pages_of_a_visitor_open_without_violations()
    {
        var (page, console) = await WatchedAsync(await browser.NewPageAsync());
        foreach (var path in new[] { "/", "/account/login", $"/groups/{DemoGroups.LeftBehindChildren}", "/search?q=training", "/no-such-page" })
        {
            await page.GotoAsync(path);
            await AssertNoViolationsAsync(page, console, path);
        }
    }

    [SkippableFact]
    public async Task Live_thread_receives_a_message_and_previews_under_the_policy()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var facilitator = await browser.App.ClientForAsync(DemoUsers.Facilitator);
        using var created = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Slug}/threads", new { title = "Policy thread", body = "Welcome." });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var threadId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var (page, console) = await WatchedAsync(await browser.SignedInPageAsync(DemoUsers.Cso));

        await page.GotoAsync($"/groups/{group.Slug}/threads/{threadId}");
        await Assertions.Expect(page.Locator("[data-connection-status]")).ToHaveTextAsync("Live");
        using var sent = await facilitator.PostAsJsonAsync($"/api/v1/threads/{threadId}/messages", new { body = "This arrives **live**.", clientMessageId = Guid.NewGuid().ToString() });
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        await Assertions.Expect(page.Locator(".message-item").Last.Locator("strong", new() { HasText = "live" })).ToBeVisibleAsync();

        await page.Locator("#composer-body").FillAsync("Sent from the **page**.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-preview] strong")).ToHaveTextAsync("page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.Locator(".message-item").Last).ToContainTextAsync("Sent from the page.");
        await AssertNoViolationsAsync(page, console, "thread");
    }

    [SkippableFact]
    public async Task Pages_of_a_facilitator_open_without_violations_and_the_editor_previews()
    {
        var (page, console) = await WatchedAsync(await browser.SignedInPageAsync(DemoUsers.Facilitator));
        var group = $"/groups/{DemoGroups.LeftBehindChildren}";

        await page.GotoAsync(group + "/drafts/new");
        await page.Locator("#Body").FillAsync("# Title\n\n## Under the policy\n\nText.");
        await Assertions.Expect(page.Locator("[data-preview] h2").First).ToHaveTextAsync("Under the policy");
        await AssertNoViolationsAsync(page, console, "draft editor");

        await page.GotoAsync(group);
        var thread = await page.Locator("#threads-heading ~ ul a").First.GetAttributeAsync("href");
        var draft = await page.Locator("#drafts-heading ~ ul a").First.GetAttributeAsync("href");
        var meeting = await page.Locator("#meetings-heading ~ ul a").First.GetAttributeAsync("href");
        Assert.NotNull(thread);
        Assert.NotNull(draft);
        Assert.NotNull(meeting);
        draft = draft!.Split('?')[0];
        await AssertNoViolationsAsync(page, console, group);

        await page.GotoAsync(thread!);
        await Assertions.Expect(page.Locator("[data-connection-status]")).ToHaveTextAsync("Live");
        await AssertNoViolationsAsync(page, console, thread!);

        foreach (var path in new[]
        {
            group + "/threads/new", group + "/moderation", "/notifications",
            draft, draft + "?version=1", draft + "/diff?from=1&to=2", draft + "/amendments", draft + "/edit", draft + "/print",
            meeting!, meeting + "/edit", meeting + "/minutes", group + "/meetings/new", "/calendar",
            "/search?q=training", "/account/password",
        })
        {
            await page.GotoAsync(path);
            await AssertNoViolationsAsync(page, console, path);
        }
    }

    [SkippableFact]
    public async Task Administration_pages_open_without_violations()
    {
        var (page, console) = await WatchedAsync(await browser.SignedInPageAsync(DemoUsers.Admin));
        foreach (var path in new[] { "/admin/organisations", "/admin/groups", "/admin/users", "/admin/audit", "/admin/search" })
        {
            await page.GotoAsync(path);
            await AssertNoViolationsAsync(page, console, path);
        }
    }

    private static async Task<(IPage Page, List<string> Console)> WatchedAsync(IPage page)
    {
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (console)
                {
                    console.Add(message.Text);
                }
            }
        };
        await page.AddInitScriptAsync(Watch);
        return (page, console);
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> console, string where)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? ['the watch did not run']");
        lock (console)
        {
            Assert.True(violations.Length == 0 && console.Count == 0,
                $"{where}: {string.Join(Environment.NewLine, violations.Concat(console))}");
        }
    }

    private static async Task<string[]> WaitForViolationsAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync($"() => window.__cspViolations.length >= {count}", null, new() { Timeout = 15_000 });
        return await page.EvaluateAsync<string[]>("() => window.__cspViolations");
    }
}
