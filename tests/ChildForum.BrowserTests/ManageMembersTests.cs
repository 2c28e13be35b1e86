using ChildForum.Testing;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

[Collection(BrowserCollection.Collection)]
public sealed class ManageMembersTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Facilitator_invites_a_new_person_who_sets_a_password_and_sees_the_group()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await page.GotoAsync($"/groups/{group.Slug}");

        var email = Unique.Email();
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.Locator("#Add_Role").SelectOptionAsync("observer");
        await page.GetByLabel("Full name").FillAsync("Hu Lan");
        await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Hillside Parents' Association (Civil-society organisation)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message-success")).ToHaveTextAsync("Hu Lan was added to the group.");
        var invitation = await page.Locator("#invitation-url").InputValueAsync();
        Assert.Contains("/account/invitation?", invitation, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".member-list")).ToContainTextAsync(["Hu Lan"]);

        var invitee = await browser.NewPageAsync();
        await invitee.GotoAsync(invitation);
        await invitee.GetByLabel("New password", new() { Exact = true }).FillAsync("a long enough password");
        await invitee.GetByLabel("Repeat the new password").FillAsync("a long enough password");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();

        await Assertions.Expect(invitee.Locator(".message-success")).ToContainTextAsync("Your password is set.");
        // Their new group is listed under "My groups", ahead of the public groups.
        await Assertions.Expect(invitee.Locator("main .card h3 a").First).ToHaveTextAsync($"Test group {group.Slug}");
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = "My groups" })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task Facilitator_removes_a_member_after_confirming_and_the_member_loses_access()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Business, "member"));
        var member = await browser.SignedInPageAsync(DemoUsers.Business);
        Assert.Equal(200, (await member.GotoAsync($"/groups/{group.Slug}"))!.Status);

        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await page.GotoAsync($"/groups/{group.Slug}");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove (Liu Fang)" }).ClickAsync();

        await Assertions.Expect(page.Locator(".message-success")).ToContainTextAsync("The member was removed.");
        await Assertions.Expect(page.Locator(".member-list")).Not.ToContainTextAsync("Liu Fang");
        Assert.Equal(404, (await member.GotoAsync($"/groups/{group.Slug}"))!.Status);
    }

    [SkippableFact]
    public async Task Adding_without_an_email_shows_the_message_next_to_the_field()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await page.GotoAsync($"/groups/{group.Slug}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Add_Email-error")).ToHaveTextAsync("This field is required.");
        await Assertions.Expect(page.Locator("#Add_Email")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [SkippableFact]
    public async Task Administrator_finds_the_membership_change_in_the_audit_log()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using (var facilitator = await browser.App.ClientForAsync(DemoUsers.Facilitator))
        {
            using var added = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Official), role = "observer" });
            Assert.Equal(System.Net.HttpStatusCode.Created, added.StatusCode);
        }
        var page = await browser.SignedInPageAsync(DemoUsers.Admin);
        await page.GotoAsync("/admin/audit");
        await page.GetByLabel("Group", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"Test group {group.Slug}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        await Assertions.Expect(page.Locator("table.data tbody")).ToContainTextAsync("Added official@demo.childforum.org");
        await Assertions.Expect(page.Locator("table.data tbody")).ToContainTextAsync("facilitator@demo.childforum.org");
        await Assertions.Expect(page.Locator("table.data tbody")).ToContainTextAsync("membership.added");
    }
}
