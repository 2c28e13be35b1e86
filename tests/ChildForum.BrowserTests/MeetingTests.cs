using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>Meetings as a facilitator runs them: schedule with an agenda, publish it, record attendance, write minutes
/// under the Chatham House rule and publish them; a member then reads minutes without names. axe finds nothing
/// serious on the meeting pages, in English or Chinese.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class MeetingTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Facilitator_schedules_publishes_the_agenda_writes_minutes_and_a_member_reads_them_without_names()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"));

        var facilitator = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await facilitator.GotoAsync($"/groups/{group.Slug}/meetings/new");
        await facilitator.Locator("#Title").FillAsync("Browser meeting");
        // Already started, so that minutes can be published today.
        var start = DateTime.UtcNow.AddHours(8).AddMinutes(-30);
        await facilitator.Locator("#StartsAt").FillAsync(start.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await facilitator.Locator("#EndsAt").FillAsync(start.AddHours(1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await facilitator.Locator("#TimeZone").SelectOptionAsync("Asia/Shanghai");
        await facilitator.Locator("#Location").FillAsync("Township hall");
        await facilitator.Locator("#Agenda_0__Title").FillAsync("Referral paths");
        await facilitator.Locator("#Agenda_0__DurationMinutes").FillAsync("30");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Schedule meeting" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToContainTextAsync("The meeting is scheduled.");
        var meetingUrl = new Uri(facilitator.Url).AbsolutePath;

        // Members do not see the agenda until it is published.
        var member = await browser.SignedInPageAsync(DemoUsers.Cso);
        await member.GotoAsync(meetingUrl);
        await Assertions.Expect(member.Locator("#agenda")).ToContainTextAsync("The agenda is not published yet.");

        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Publish agenda" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToHaveTextAsync("The agenda is published; members were told.");
        await member.ReloadAsync();
        await Assertions.Expect(member.Locator(".agenda")).ToContainTextAsync("Referral paths");

        // Attendance: one present, one with apologies.
        await facilitator.Locator("#attendance summary").ClickAsync();
        await facilitator.GetByLabel("Zhang Min: present").CheckAsync();
        await facilitator.GetByLabel("Wang Jun: apologies").CheckAsync();
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Save attendance" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToHaveTextAsync("Attendance is recorded.");

        // Minutes under Chatham House: the plain name is warned about and never published.
        await facilitator.GotoAsync(meetingUrl + "/minutes");
        await facilitator.GetByLabel("Chatham House: speakers are shown only by stakeholder type", new() { Exact = false }).CheckAsync();
        await facilitator.Locator("#Body").FillAsync("## Referral paths\n\n@Zhang Min asked for a named contact. Wang Jun agreed.");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".warnings")).ToContainTextAsync("Wang Jun");
        await Assertions.Expect(facilitator.Locator(".editor-preview")).ToContainTextAsync("a participant from civil society asked for a named contact.");
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Save and publish" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".message-success")).ToContainTextAsync("Version 1 of the minutes is published");

        await member.ReloadAsync();
        var minutes = member.Locator(".minutes-text");
        await Assertions.Expect(minutes).ToContainTextAsync("a participant from civil society asked for a named contact. a participant from government agreed.");
        var page = await member.ContentAsync();
        Assert.DoesNotContain("Zhang Min", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Wang Jun", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Riverside District Civil Affairs Bureau", page, StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(member);
    }

    public static TheoryData<string> Locales => new() { "en-GB", "zh-CN" };

    [SkippableTheory]
    [MemberData(nameof(Locales))]
    public async Task Meeting_pages_of_the_demo_are_accessible(string locale)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator, locale);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}");
        var meeting = await page.Locator("#meetings-heading ~ ul a").First.GetAttributeAsync("href");
        Assert.NotNull(meeting);
        foreach (var path in new[] { meeting!, meeting + "/edit", meeting + "/minutes", $"/groups/{DemoGroups.LeftBehindChildren}/meetings/new", "/calendar" })
        {
            await page.GotoAsync(path);
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
        var member = await browser.SignedInPageAsync(DemoUsers.Cso, locale);
        await member.GotoAsync(meeting);
        await Accessibility.AssertNoSeriousViolationsAsync(member);
    }

    /// <summary>Every kind of field of the meeting form (text, date and time, link, number, choice, notes) is drawn by the
    /// theme alike: the theme once styled only some input types, and the link and the durations showed as bare browser
    /// boxes.</summary>
    [SkippableFact]
    public async Task Every_kind_of_field_on_the_meeting_form_is_drawn_alike()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/meetings/new");

        var fields = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), main select, main textarea")]
                .map(field => { const style = getComputedStyle(field); return `${field.type}|${style.paddingLeft} ${style.borderTopColor} ${style.fontSize}`; })
            """);

        Assert.Contains(fields, field => field.StartsWith("number|", StringComparison.Ordinal));
        Assert.Contains(fields, field => field.StartsWith("url|", StringComparison.Ordinal));
        Assert.True(fields.Select(field => field[(field.IndexOf('|') + 1)..]).Distinct().Count() == 1, "Fields drawn differently:\n" + string.Join("\n", fields.Distinct()));
    }
}
