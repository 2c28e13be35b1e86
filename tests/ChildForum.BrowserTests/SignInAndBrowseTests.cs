using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

[Collection(BrowserCollection.Collection)]
public sealed class SignInAndBrowseTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Member_signs_in_sees_both_groups_and_opens_the_members_only_one()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Cso);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Working groups");
        var myGroups = page.Locator("main .card h3 a");
        await Assertions.Expect(myGroups).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Child Protection Alliance · 儿童保护联盟" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/groups/child-protection-alliance$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Child Protection Alliance");
        await Assertions.Expect(page.GetByText("Riverside District Civil Affairs Bureau")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".balance-legend")).ToContainTextAsync("Government: 1");
        // A member (not a facilitator) does not get the management forms.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a member" })).ToHaveCountAsync(0);
    }

    /// <summary>Times go out in UTC and are written by the page's script in the reader's time zone, in the page's
    /// language as the reader's browser writes it: an English page reads "18 Dec 2026, 14:00" in a British browser and
    /// "Dec 18, 2026, 2:00 PM" in an American one.</summary>
    [SkippableTheory]
    [InlineData("en-GB", @"^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$")]
    [InlineData("en-US", @"^[A-Z][a-z]{2,3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$")]
    [InlineData("zh-CN", @"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$")]
    public async Task Times_are_written_as_the_readers_browser_writes_them(string locale, string pattern)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}");

        await Assertions.Expect(page.Locator("main time[data-localised]").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(pattern));
    }

    [SkippableFact]
    public async Task Anonymous_visitor_sees_only_the_public_group_and_a_sign_in_prompt()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");

        await Assertions.Expect(page.Locator("main .card h3 a")).ToHaveTextAsync(["Left-behind children · 留守儿童"]);
        await Assertions.Expect(page.GetByText("Sign in to see the groups you belong to.")).ToBeVisibleAsync();

        var response = await page.GotoAsync("/groups/child-protection-alliance");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Child Protection Alliance");
    }

    [SkippableFact]
    public async Task Wrong_password_shows_an_error_next_to_the_form()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#Email").FillAsync(DemoUsers.Email(DemoUsers.Researcher));
        await page.Locator("#Password").FillAsync("not the password");
        await page.Locator("main button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("The e-mail address or password is not right.");
        await Assertions.Expect(page.Locator("#Password")).ToHaveValueAsync("");
    }

    [SkippableFact]
    public async Task Chinese_browser_gets_the_chinese_interface_and_the_switcher_changes_it()
    {
        var page = await browser.NewPageAsync("zh-CN");
        await page.GotoAsync("/account/login");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登录");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
    }

    [SkippableFact]
    public async Task Stylesheet_of_the_theme_is_served()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        var href = await page.Locator("link[rel=stylesheet]").GetAttributeAsync("href");
        var css = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, css.Status);
        Assert.Contains("--brand", await css.TextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The page keeps its spacing where the theme once lost it: the main column's top padding (the layout's
    /// <c>main</c> is also a <c>.container</c>, whose padding once overrode it, so a heading sat on the navigation bar),
    /// the group page's meeting sub-headings after a list (once on the list's last line), and a card's row of a button
    /// and a link (once touching).</summary>
    [SkippableFact]
    public async Task Headings_and_actions_keep_their_distance()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}");

        var gaps = await page.EvaluateAsync<Dictionary<string, double>>("""
            () => {
              const box = element => element.getBoundingClientRect();
              const nav = box(document.querySelector(".site-nav"));
              const first = box([...document.querySelectorAll("main > *")].find(element => box(element).height > 0));
              const recent = [...document.querySelectorAll("#meetings-heading ~ h3")].map(h => box(h).top - box(h.previousElementSibling).bottom);
              const row = [...document.querySelector("#meetings-heading ~ .tool-links-inline").children].map(box);
              return { main: first.top - nav.bottom, subheading: Math.min(...recent), actions: row[1].left - row[0].right };
            }
            """);

        Assert.True(gaps["main"] >= 20, $"main starts {gaps["main"]} px below the navigation");
        Assert.True(gaps["subheading"] >= 16, $"a meeting sub-heading starts {gaps["subheading"]} px below what precedes it");
        Assert.True(gaps["actions"] >= 8, $"the button and the link of the meetings card are {gaps["actions"]} px apart");
    }

    /// <summary>A row of fields (the audit log's filters) lines its controls up, a select, a text field and a date field
    /// alike, with a message under one of them, and its button stands beside them; the bell's unread count covers
    /// neither the bell nor the name beside it.</summary>
    [SkippableFact]
    public async Task Fields_of_a_row_line_up_and_the_unread_count_stands_clear()
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Admin);
        await page.GotoAsync("/admin/audit?from=yesterday");

        var layout = await page.EvaluateAsync<Dictionary<string, double[][]>>("""
            () => {
              const box = element => element.getBoundingClientRect();
              const row = [...document.querySelectorAll("form.inline-fields :is(input, select), form.inline-fields > button")].map(box);
              const count = document.querySelector("[data-notification-count]");
              count.hidden = false;
              count.textContent = "88";
              const bell = box(document.querySelector(".bell-icon")), badge = box(count), next = box(document.querySelector(".bell").nextElementSibling);
              return {
                row: row.map(r => [r.top, r.bottom]),
                bell: [[badge.left - (bell.left + bell.width / 2), next.left - badge.right]],
              };
            }
            """);

        // Controls side by side (on one line of the row, however it wraps) start at the same height and are as high.
        var row = layout["row"];
        var button = row[^1];
        for (var i = 0; i < row.Length; i++)
        {
            for (var j = i + 1; j < row.Length; j++)
            {
                if (row[i][0] < row[j][1] && row[j][0] < row[i][1])
                {
                    Assert.True(Math.Abs(row[i][0] - row[j][0]) < 1 && Math.Abs(row[i][1] - row[j][1]) < 1,
                        $"controls {i} and {j} of the row stand side by side at {row[i][0]}–{row[i][1]} and {row[j][0]}–{row[j][1]} px");
                }
            }
        }
        Assert.Contains(row[..^1], control => Math.Abs(control[0] - button[0]) < 1);
        var (fromMiddle, beforeName) = (layout["bell"][0][0], layout["bell"][0][1]);
        Assert.True(fromMiddle >= -1, $"the unread count starts {fromMiddle} px right of the bell's middle");
        Assert.True(beforeName >= 4, $"the unread count ends {beforeName} px before the name beside the bell");
    }
}
