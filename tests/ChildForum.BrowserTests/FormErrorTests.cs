using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>A form that comes back with errors starts where the problem is: every field with a message beside it is
/// marked invalid for assistive technology (pages built with the tag helpers, and the first message of a new discussion,
/// did not mark theirs), and the first has the focus instead of the top of the page.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class FormErrorTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task The_first_field_with_an_error_has_the_focus_and_every_one_is_marked()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/threads/new");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start discussion" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Title-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#Title")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#Title")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Body")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [SkippableFact]
    public async Task A_field_without_an_error_is_not_marked_and_a_page_without_errors_keeps_its_focus()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/threads/new");
        await page.Locator("#Title").FillAsync("A title, and no first message");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start discussion" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Body")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#Title")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/threads/new");
        Assert.Equal("BODY", await page.EvaluateAsync<string>("() => document.activeElement?.tagName"));
    }
}
