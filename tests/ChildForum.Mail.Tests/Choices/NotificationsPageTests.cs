using System.Net;
using ChildForum.Testing;

namespace ChildForum.Mail.Tests.Choices;

/// <summary>The page <c>/account/notifications</c>: it shows a person's choices in English and Chinese, saves them, and
/// puts each error next to its field.</summary>
public abstract class NotificationsPageTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Url = "/account/notifications";

    [SkippableFact]
    public async Task The_page_shows_each_group_as_a_radio_group_and_guesses_the_zone_only_until_choices_are_saved()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (person.Email, "member"));
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        using var page = await browser.GetPageAsync(Url);

        Assert.Equal("E-mail notifications", page.TextOf("main h1"));
        var fieldset = page.Document.QuerySelectorAll("fieldset.group-mode").Single(f => f.QuerySelector("legend")?.TextContent == group.Name);
        Assert.Equal(["each", "digest", "off"], fieldset.QuerySelectorAll("input[type=radio]").Select(r => r.GetAttribute("value")));
        Assert.Equal("each", fieldset.QuerySelector("input[type=radio][checked]")?.GetAttribute("value"));
        Assert.NotNull(page.Document.QuerySelector("select#timeZone[data-prefill-zone='browser']"));
        Assert.NotNull(page.Document.QuerySelector("script[type=module][src*='_content/ChildForum.Mail/js/notifications']"));
        Assert.NotNull(page.Document.QuerySelector("header a[href='/account/notifications']"));

        using var saved = await SaveAsync(browser, fields => { });
        await saved.AssertStatusAsync(HttpStatusCode.Redirect);
        using var again = await browser.GetPageAsync(Url);
        Assert.Null(again.Document.QuerySelector("select#timeZone[data-prefill-zone='browser']"));
        Assert.Equal("Your mail choices have been saved.", again.TextOf(".message-success"));
    }

    [SkippableFact]
    public async Task The_page_is_in_chinese_for_a_reader_of_chinese_and_offers_mail_in_chinese()
    {
        var person = await App.CreateUserAsync();
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");

        using var page = await browser.GetPageAsync(Url);

        Assert.Equal("邮件通知", page.TextOf("main h1"));
        Assert.Equal("zh-Hans", page.Document.QuerySelector("input[name='Form.Language'][checked]")?.GetAttribute("value"));
        Assert.Contains("您还不是任何工作组的成员", page.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Saving_the_form_stores_every_choice()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (person.Email, "member"));
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        using var response = await SaveAsync(browser, fields =>
        {
            fields.Remove("Form.Enabled");
            fields["Form.DigestHour"] = "18";
            fields["Form.TimeZone"] = "America/New_York";
            fields["Form.Language"] = "zh-Hans";
            fields[GroupModeField(fields, group.Id)] = "digest";
        });

        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        using var api = await App.ClientForAsync(person);
        var choices = await api.GetChoicesAsync();
        Assert.Equal((false, 18, "America/New_York", "zh-Hans"), (choices.Enabled, choices.DigestHour, choices.TimeZone, choices.Language));
        Assert.Equal(new GroupModeJson(group.Id, "digest"), Assert.Single(choices.Groups));
    }

    [SkippableFact]
    public async Task Errors_stand_next_to_their_fields_and_nothing_is_saved()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (person.Email, "member"));
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        using var response = await SaveAsync(browser, fields =>
        {
            fields["Form.DigestHour"] = "25";
            fields["Form.TimeZone"] = "Mars/Olympus";
            fields["Form.Language"] = "fr";
            fields[GroupModeField(fields, group.Id)] = "weekly";
        });

        using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.OK));
        Assert.Contains("0 to 23", page.TextOf("#digestHour-error"), StringComparison.Ordinal);
        Assert.Contains("IANA", page.TextOf("#timeZone-error"), StringComparison.Ordinal);
        Assert.Contains("zh-Hans", page.TextOf("#language-error"), StringComparison.Ordinal);
        Assert.Contains("each", page.TextOf($"#group-{group.Id}-error"), StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector("#digestHour")?.GetAttribute("aria-invalid"));
        Assert.Contains("digestHour-error", page.Document.QuerySelector("#digestHour")?.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("[role=alert]"));
        using var api = await App.ClientForAsync(person);
        Assert.Equal(7, (await api.GetChoicesAsync()).DigestHour);
    }

    [SkippableFact]
    public async Task The_form_is_refused_without_the_antiforgery_token()
    {
        var person = await App.CreateUserAsync();
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);
        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync(Url))
        {
            fields = page.MainFormFields();
        }
        fields.Remove("__RequestVerificationToken");
        fields["Form.DigestHour"] = "3";
        fields["Form.TimeZone"] = "UTC";

        using var response = await browser.PostFormAsync(Url, fields);

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        using var api = await App.ClientForAsync(person);
        Assert.Equal(7, (await api.GetChoicesAsync()).DigestHour);
    }

    [SkippableFact]
    public async Task Hostile_values_in_every_field_come_back_inert()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (person.Email, "member"));
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        foreach (var payload in XssCorpus.OneLine)
        {
            using var response = await SaveAsync(browser, fields =>
            {
                fields["Form.DigestHour"] = payload;
                fields["Form.TimeZone"] = payload;
                fields["Form.Language"] = payload;
                fields[GroupModeField(fields, group.Id)] = payload;
                fields[GroupModeField(fields, group.Id).Replace(".Mode", ".GroupId", StringComparison.Ordinal)] = payload;
            });
            var html = await (await response.AssertStatusAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync();
            Html.AssertPageInert(Url, payload, html);
        }
    }

    /// <summary>GETs the page, takes its form as a browser would submit it (the selects too), lets the test change it, and posts it.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(BrowserSession browser, Action<Dictionary<string, string>> change)
    {
        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync(Url))
        {
            fields = page.MainFormFields();
            foreach (var select in page.MainForm.QuerySelectorAll("select[name]"))
            {
                fields[select.GetAttribute("name")!] = (select.QuerySelector("option[selected]") ?? select.QuerySelector("option"))!.GetAttribute("value")!;
            }
        }
        change(fields);
        return await browser.PostFormAsync(Url, fields);
    }

    /// <summary>The name of the mode radios of a group (<c>Form.Groups[i].Mode</c>), found by its hidden group id.</summary>
    private static string GroupModeField(Dictionary<string, string> fields, int groupId) =>
        fields.Single(f => f.Key.EndsWith(".GroupId", StringComparison.Ordinal) && f.Value == groupId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Key.Replace(".GroupId", ".Mode", StringComparison.Ordinal);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class NotificationsPageTestsOnSqlite(SqliteAppFixture fixture) : NotificationsPageTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class NotificationsPageTestsOnPostgres(PostgresAppFixture fixture) : NotificationsPageTests(fixture);
