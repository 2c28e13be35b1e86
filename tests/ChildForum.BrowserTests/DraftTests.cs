using System.Net.Http.Json;
using System.Text.Json;
using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>Policy drafts as people use them: a facilitator writes with the live preview, a member comments on a
/// paragraph, a new version makes that comment outdated, the diff shows the change; an amendment is proposed and
/// accepted through the pages; axe finds nothing serious on any draft page, in English or Chinese.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class DraftTests(BrowserFixture browser)
{
    private const string FirstText = "# Draft for the browser\n\n## Training\n\nEach director attends a two-day training.\n\n## Referral\n\nA worried director calls the township station.";

    [SkippableFact]
    public async Task Member_comments_on_a_paragraph_then_a_new_version_makes_it_outdated_and_the_diff_shows_the_change()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));

        // The facilitator starts the draft; the preview renders while typing.
        var facilitator = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await facilitator.GotoAsync($"/groups/{group.Slug}/drafts/new");
        await facilitator.Locator("#Title").FillAsync("Browser draft");
        await facilitator.Locator("#Body").FillAsync(FirstText);
        await Assertions.Expect(facilitator.Locator("[data-preview] h2").First).ToHaveTextAsync("Training");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Start draft" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToContainTextAsync("version 1");
        var draftUrl = new Uri(facilitator.Url).AbsolutePath;

        // A member comments on the training paragraph from its margin.
        var cso = await browser.SignedInPageAsync(DemoUsers.Cso);
        await cso.GotoAsync(draftUrl);
        var row = cso.Locator(".draft-row", new() { Has = cso.Locator("p", new() { HasText = "two-day training" }) });
        await row.Locator("summary", new() { HasText = "Comment" }).ClickAsync();
        await row.GetByLabel("Your comment").FillAsync("Add a yearly refresher.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(cso.Locator(".message-success")).ToHaveTextAsync("Your comment was added.");
        await Assertions.Expect(cso.Locator(".draft-row", new() { HasText = "two-day training" }).Locator(".comment")).ToContainTextAsync("Add a yearly refresher.");

        // The facilitator publishes version 2 with that paragraph changed.
        await facilitator.GotoAsync(draftUrl + "/edit");
        var changed = FirstText.Replace("a two-day training.", "a two-day training and a yearly refresher.", StringComparison.Ordinal);
        await facilitator.Locator("#Body").FillAsync(changed);
        await facilitator.Locator("#Note").FillAsync("Refresher added after the comments.");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Publish version 2" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToHaveTextAsync("Version 2 is published.");

        // The comment now sits with the old text, and the diff marks the inserted words.
        await cso.GotoAsync(draftUrl);
        await Assertions.Expect(cso.Locator("#outdated-heading")).ToHaveTextAsync("Comments on earlier text");
        await Assertions.Expect(cso.Locator(".outdated-group")).ToContainTextAsync("Each director attends a two-day training.");
        await Assertions.Expect(cso.Locator(".outdated-group .comment")).ToContainTextAsync("Add a yearly refresher.");
        await cso.GetByRole(AriaRole.Link, new() { Name = "Compare versions" }).ClickAsync();
        await Assertions.Expect(cso.Locator(".diff-summary")).ToHaveTextAsync("From version 1 to version 2: 1 paragraphs changed, 0 inserted, 0 deleted.");
        await Assertions.Expect(cso.Locator(".diff-modify ins")).ToContainTextAsync("and a yearly refresher");
        await Assertions.Expect(cso.Locator(".diff-modify ins .visually-hidden").First).ToHaveTextAsync("Inserted: ");
        await Accessibility.AssertNoSeriousViolationsAsync(cso);
    }

    [SkippableFact]
    public async Task Member_proposes_an_amendment_and_another_facilitator_accepts_it_into_a_new_version()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        var draftId = await CreateDraftAsync(group.Id);
        var draftUrl = $"/groups/{group.Slug}/drafts/{draftId}";

        var cso = await browser.SignedInPageAsync(DemoUsers.Cso);
        await cso.GotoAsync(draftUrl);
        await cso.Locator(".draft-row", new() { HasText = "township station" }).GetByRole(AriaRole.Link, new() { Name = "Propose an amendment" }).ClickAsync();
        await Assertions.Expect(cso.Locator("#ProposedText")).ToHaveValueAsync("A worried director calls the township station.");
        await cso.Locator("#ProposedText").FillAsync("A worried director calls a named person at the township station the same day.");
        await cso.Locator("#Rationale").FillAsync("A named person answers faster.");
        await cso.GetByRole(AriaRole.Button, new() { Name = "Propose amendment" }).ClickAsync();
        await Assertions.Expect(cso.Locator(".message-success")).ToContainTextAsync("Your amendment was proposed.");
        await Accessibility.AssertNoSeriousViolationsAsync(cso);

        var facilitator = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await facilitator.GotoAsync(draftUrl + "/amendments");
        var amendment = facilitator.Locator(".amendment").First;
        await Assertions.Expect(amendment.Locator("ins").First).ToContainTextAsync("a named person at");
        await amendment.GetByRole(AriaRole.Button, new() { Name = "Accept and publish a new version" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToHaveTextAsync("The amendment was accepted: version 2 contains it.");

        await facilitator.GotoAsync(draftUrl);
        await Assertions.Expect(facilitator.Locator(".draft-text")).ToContainTextAsync("a named person at the township station the same day");
        await Assertions.Expect(facilitator.Locator(".draft-note")).ToContainTextAsync("Accepted amendment");
    }

    [SkippableFact]
    public async Task Rejecting_without_a_reason_shows_the_message_next_to_the_field()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        var draftId = await CreateDraftAsync(group.Id);
        using (var cso = await browser.App.ClientForAsync(DemoUsers.Cso))
        {
            var draft = await (await cso.GetAsync($"/api/v1/drafts/{draftId}")).Content.ReadFromJsonAsync<JsonElement>();
            var anchor = draft.GetProperty("blocks")[2].GetProperty("anchor").GetString();
            using var proposed = await cso.PostAsJsonAsync($"/api/v1/drafts/{draftId}/amendments", new { version = 1, anchor, proposedText = "Three days.", rationale = "Longer." });
            Assert.Equal(System.Net.HttpStatusCode.Created, proposed.StatusCode);
        }

        var facilitator = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await facilitator.GotoAsync($"/groups/{group.Slug}/drafts/{draftId}/amendments");
        var amendment = facilitator.Locator(".amendment").First;
        await amendment.Locator("summary", new() { HasText = "Reject" }).ClickAsync();
        await amendment.GetByRole(AriaRole.Button, new() { Name = "Reject amendment" }).ClickAsync();

        var reason = facilitator.Locator(".amendment").First.GetByLabel("Reason, shown to the proposer");
        await Assertions.Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(facilitator.Locator(".amendment .field-error").First).ToHaveTextAsync("This field is required.");
    }

    public static TheoryData<string> Locales => new() { "en-GB", "zh-CN" };

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Every_page_of_the_demo_draft_is_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator, locale);
        var draftId = await DemoDraftIdAsync();
        var draft = $"/groups/{DemoGroups.LeftBehindChildren}/drafts/{draftId}";
        foreach (var path in new[] { draft, draft + "?version=1", draft + "/diff?from=1&to=3", draft + "/amendments", draft + "/edit", draft + "/print", $"/groups/{DemoGroups.LeftBehindChildren}/drafts/new" })
        {
            await page.GotoAsync(path);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }

    private async Task<int> CreateDraftAsync(int groupId)
    {
        using var facilitator = await browser.App.ClientForAsync(DemoUsers.Facilitator);
        using var created = await facilitator.PostAsJsonAsync($"/api/v1/groups/{groupId}/drafts", new { title = "Amendable draft", body = FirstText });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<int> DemoDraftIdAsync()
    {
        using var client = browser.App.CreateClient();
        var drafts = await client.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{DemoGroups.LeftBehindChildren}/drafts");
        return drafts.EnumerateArray().First(d => d.GetProperty("version").GetInt32() >= 3).GetProperty("id").GetInt32();
    }
}
