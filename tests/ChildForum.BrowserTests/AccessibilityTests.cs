using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ChildForum.Testing;

namespace ChildForum.BrowserTests;

/// <summary>axe finds no serious or critical violation on the main pages, in English and in Chinese.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    public static TheoryData<string> Locales => new() { "en-GB", "zh-CN" };

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Sign_in_page_and_anonymous_home_are_accessible(string locale)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync("/account/login");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GotoAsync("/");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Home_and_group_pages_of_a_facilitator_are_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator, locale);
        await Assertions.Expect(page.Locator("footer")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GotoAsync($"/groups/{DemoGroups.ChildProtectionAlliance}");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Administration_pages_are_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Admin, locale);
        foreach (var path in new[] { "/admin/organisations", "/admin/groups", "/admin/users", "/admin/audit", "/admin/mail", "/account/password" })
        {
            await page.GotoAsync(path);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Mail_choices_and_unsubscribe_pages_are_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso, locale);
        await page.GotoAsync("/account/notifications");
        await Assertions.Expect(page.Locator("fieldset").First).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        var token = browser.App.Services.GetRequiredService<ChildForum.Mail.Services.UnsubscribeTokens>()
            .Create(new ChildForum.Mail.Services.UnsubscribeRequest(await browser.App.UserIdAsync(DemoUsers.Cso), 0, ChildForum.Core.Mail.MailKinds.Digest));
        var anonymous = await browser.NewPageAsync(locale);
        await anonymous.GotoAsync("/mail/unsubscribe?token=" + token);
        await Assertions.Expect(anonymous.Locator("main button")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(anonymous);
        await anonymous.GotoAsync("/mail/unsubscribe?token=forged");
        await Accessibility.AssertNoSeriousViolationsAsync(anonymous);
    }
}
