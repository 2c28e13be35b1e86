using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>The thread page live in two browsers: messages and typing appear without reloading; the safeguarding
/// question is asked next to the composer; axe finds nothing serious in either language.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class DiscussionTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Two_members_in_one_thread_see_each_others_messages_and_typing_live()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"));
        var threadUrl = await StartThreadAsync(group.Slug, "Live test");
        var cso = await browser.SignedInPageAsync(DemoUsers.Cso);
        var official = await browser.SignedInPageAsync(DemoUsers.Official, "zh-CN");
        await cso.GotoAsync(threadUrl);
        await official.GotoAsync(threadUrl);
        await Assertions.Expect(cso.Locator("[data-connection-status]")).ToHaveTextAsync("Live");
        await Assertions.Expect(official.Locator("[data-connection-status]")).ToHaveTextAsync("实时");
        await Assertions.Expect(cso.Locator("[data-presence]")).ToContainTextAsync("Wang Jun");

        // The demo recipe already left notifications (agendas, minutes, drafts): the mention adds one.
        var unreadBefore = int.Parse(await official.Locator("[data-notification-count]").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await cso.Locator("#composer-body").FillAsync("Hello @Wang Jun, this arrives **live**.");
        await Assertions.Expect(official.Locator("[data-typing]")).ToHaveTextAsync("Zhang Min 正在输入…");
        await cso.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(official.Locator(".message-item").Last).ToContainTextAsync("this arrives live.");
        await Assertions.Expect(official.Locator(".message-item").Last.Locator("strong", new() { HasText = "live" })).ToBeVisibleAsync();
        await Assertions.Expect(official.Locator("[data-notification-count]")).ToHaveTextAsync((unreadBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(official.Locator("[data-notification-count]")).ToHaveAttributeAsync("aria-label", $"{unreadBefore + 1} 条未读");
        await Assertions.Expect(cso.Locator("#composer-body")).ToHaveValueAsync("");

        await official.Locator("#composer-body").FillAsync("收到，谢谢。");
        await official.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await Assertions.Expect(cso.Locator(".message-item").Last).ToContainTextAsync("收到，谢谢。");
    }

    [SkippableFact]
    public async Task Phone_number_asks_for_confirmation_next_to_the_composer_and_is_posted_after_it()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        var threadUrl = await StartThreadAsync(group.Slug, "Safeguarding test");
        var page = await browser.SignedInPageAsync(DemoUsers.Cso);
        await page.GotoAsync(threadUrl);

        await page.Locator("#composer-body").FillAsync("The centre's number is 138 1234 5678.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(page.Locator("#composer-error")).ToContainTextAsync("phone number or e-mail address (…5678)");
        await page.GetByLabel("I confirm: it is right to share this here").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message-item").Last).ToContainTextAsync("138 1234 5678");
        await Assertions.Expect(page.Locator("#composer-error")).ToHaveTextAsync("");
    }

    [SkippableFact]
    public async Task Thread_page_is_readable_and_postable_without_javascript()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        var threadUrl = await StartThreadAsync(group.Slug, "No script test");
        var page = await browser.SignedInPageAsync(DemoUsers.Cso);
        await page.RouteAsync("**/*.js", route => route.AbortAsync());
        await page.GotoAsync(threadUrl);

        await Assertions.Expect(page.Locator(".message-item")).ToHaveCountAsync(1);
        await page.Locator("#composer-body").FillAsync("Posted as a plain form.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message-item")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".message-item").Last).ToContainTextAsync("Posted as a plain form.");
    }

    [SkippableTheory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    public async Task Thread_and_moderation_pages_are_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator, locale);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}");
        await page.Locator("#threads-heading ~ ul a").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-connection-status]")).Not.ToBeEmptyAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/moderation");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/threads/new");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GotoAsync("/notifications");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    private async Task<string> StartThreadAsync(string slug, string title)
    {
        using var facilitator = await browser.App.ClientForAsync(DemoUsers.Facilitator);
        using var response = await facilitator.PostAsync($"/api/v1/groups/{slug}/threads",
            System.Net.Http.Json.JsonContent.Create(new { title, body = "Welcome to this thread." }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var thread = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ThreadId>(response.Content);
        return $"/groups/{slug}/threads/{thread!.Id}";
    }

    private sealed record ThreadId(int Id);
}
