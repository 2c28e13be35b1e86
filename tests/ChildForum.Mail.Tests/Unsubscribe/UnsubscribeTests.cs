using System.Net;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services;
using ChildForum.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Mail.Tests.Unsubscribe;

/// <summary>One-click unsubscribe (RFC 8058) at <c>/mail/unsubscribe?token=…</c>: without signing in, GET names what will be
/// switched off and POST <c>List-Unsubscribe=One-Click</c> (no cookie, no antiforgery token) switches it off; a forged or
/// garbled token changes nothing and says so; a second click changes nothing more.</summary>
public abstract class UnsubscribeTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task The_link_names_the_kind_and_the_group_with_one_button_and_switches_nothing_off_by_itself()
    {
        var (person, group, token) = await MemberWithTokenAsync(MailKinds.Minutes);
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(Link(token));

        using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.OK));
        var what = page.TextOf("#unsubscribe-what");
        Assert.Contains("Minutes published", what, StringComparison.Ordinal);
        Assert.Contains(group.Name, what, StringComparison.Ordinal);
        Assert.Equal("One-Click", page.Document.QuerySelector("main form[method=post] input[name='List-Unsubscribe']")?.GetAttribute("value"));
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Empty(await OptOutsAsync(person.Id));
    }

    [SkippableFact]
    public async Task A_mail_clients_one_click_post_without_cookies_switches_the_kind_off_once()
    {
        var (person, group, token) = await MemberWithTokenAsync(MailKinds.Agenda);
        using var anonymous = App.CreateAnonymousClient();

        using var first = await anonymous.PostAsync(Link(token), OneClick());
        using var second = await anonymous.PostAsync(Link(token), OneClick());

        await first.AssertStatusAsync(HttpStatusCode.OK);
        await second.AssertStatusAsync(HttpStatusCode.OK);
        var optOut = Assert.Single(await OptOutsAsync(person.Id));
        Assert.Equal((group.Id, MailKinds.Agenda), (optOut.GroupId, optOut.Kind));
        using var page = await HtmlPage.ReadAsync(second);
        Assert.Contains("Agendas published", page.TextOf("#unsubscribe-done"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_one_click_post_as_multipart_form_data_works_too()
    {
        var (person, _, token) = await MemberWithTokenAsync(MailKinds.Mention);
        using var anonymous = App.CreateAnonymousClient();
        using var body = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };

        using var response = await anonymous.PostAsync(Link(token), body);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(MailKinds.Mention, Assert.Single(await OptOutsAsync(person.Id)).Kind);
    }

    [SkippableFact]
    public async Task A_post_without_the_one_click_body_switches_nothing_off_and_offers_the_button()
    {
        var (person, _, token) = await MemberWithTokenAsync(MailKinds.Reply);
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.PostAsync(Link(token), new FormUrlEncodedContent([new("List-Unsubscribe", "yes")]));

        using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.BadRequest));
        Assert.Contains("press the button", page.TextOf("#unsubscribe-problem"), StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("main form input[name='List-Unsubscribe'][value='One-Click']"));
        Assert.Empty(await OptOutsAsync(person.Id));
    }

    [SkippableFact]
    public async Task A_forged_or_garbled_token_changes_nothing_and_says_so()
    {
        var (person, group, token) = await MemberWithTokenAsync(MailKinds.Agenda);
        var otherPurpose = WebEncoders.Base64UrlEncode(App.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Some.Other.Purpose").Protect(System.Text.Encoding.UTF8.GetBytes($"{person.Id}\n{group.Id}\n{MailKinds.Agenda}")));
        var forged = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes($"{person.Id}\n{group.Id}\n{MailKinds.Agenda}"));
        var cut = token[..(token.Length / 2)];
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var siteMailKind = Tokens().Create(new UnsubscribeRequest(person.Id, 0, MailKinds.Invitation));
        using var anonymous = App.CreateAnonymousClient();

        foreach (var bad in new[] { "", "x", "%00", cut, flipped, forged, otherPurpose, siteMailKind, new string('A', 5000) })
        {
            using var get = await anonymous.GetAsync(Link(bad));
            using var post = await anonymous.PostAsync(Link(bad), OneClick());
            foreach (var response in new[] { get, post })
            {
                using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.BadRequest));
                Assert.Contains("not valid", page.TextOf("#unsubscribe-problem"), StringComparison.Ordinal);
                Assert.DoesNotContain(group.Name, page.Html, StringComparison.Ordinal);
            }
        }
        using var none = await anonymous.GetAsync("/mail/unsubscribe");
        await none.AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await OptOutsAsync(person.Id));
    }

    [SkippableFact]
    public async Task A_group_the_person_has_left_is_not_named()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (DemoUsers.Cso, "member"));
        var token = Tokens().Create(new UnsubscribeRequest(person.Id, group.Id, MailKinds.Agenda));
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(Link(token));

        using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.OK));
        Assert.DoesNotContain(group.Name, page.Html, StringComparison.Ordinal);
        Assert.Contains("a group you are no longer in", page.TextOf("#unsubscribe-what"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_page_speaks_chinese_to_a_reader_of_chinese()
    {
        var (_, _, token) = await MemberWithTokenAsync(MailKinds.Agenda);
        using var anonymous = App.CreateAnonymousClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");

        using var response = await anonymous.GetAsync(Link(token));

        using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.OK));
        Assert.Equal("退订", page.TextOf("main h1"));
        Assert.Contains("会议议程发布", page.TextOf("#unsubscribe-what"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task What_a_link_switched_off_is_listed_on_the_notifications_page_and_can_be_switched_on_again()
    {
        var (person, group, token) = await MemberWithTokenAsync(MailKinds.Minutes);
        using (var anonymous = App.CreateAnonymousClient())
        using (var post = await anonymous.PostAsync(Link(token), OneClick()))
        {
            await post.AssertStatusAsync(HttpStatusCode.OK);
        }
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync("/account/notifications"))
        {
            var item = Assert.Single(page.Document.QuerySelectorAll(".opt-outs li"));
            Assert.Contains("Minutes published", item.TextContent, StringComparison.Ordinal);
            Assert.Contains(group.Name, item.TextContent, StringComparison.Ordinal);
            fields = item.QuerySelectorAll("input[name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        }
        using var switchOn = await browser.PostFormAsync("/account/notifications?handler=SwitchOn", fields);

        await switchOn.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Empty(await OptOutsAsync(person.Id));
        using var after = await browser.GetPageAsync("/account/notifications");
        Assert.Empty(after.Document.QuerySelectorAll(".opt-outs li"));
    }

    [SkippableFact]
    public async Task Hostile_tokens_come_back_inert()
    {
        using var anonymous = App.CreateAnonymousClient();
        foreach (var payload in XssCorpus.OneLine)
        {
            using var get = await anonymous.GetAsync(Link(payload));
            using var post = await anonymous.PostAsync(Link(payload), OneClick());
            foreach (var response in new[] { get, post })
            {
                var html = await (await response.AssertStatusAsync(HttpStatusCode.BadRequest)).Content.ReadAsStringAsync();
                Html.AssertPageInert("/mail/unsubscribe", payload, html);
            }
        }
    }

    private async Task<(TestUser Person, GroupJson Group, string Token)> MemberWithTokenAsync(string kind)
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (person.Email, "member"));
        return (person, group, Tokens().Create(new UnsubscribeRequest(person.Id, group.Id, kind)));
    }

    private UnsubscribeTokens Tokens() => App.Services.GetRequiredService<UnsubscribeTokens>();

    private static string Link(string token) => "/mail/unsubscribe?token=" + Uri.EscapeDataString(token);

    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

    private Task<List<MailOptOut>> OptOutsAsync(string userId) =>
        App.QueryDatabaseAsync(db => db.Set<MailOptOut>().Where(o => o.UserId == userId).ToListAsync());
}

[Collection(SqliteAppFixture.Collection)]
public sealed class UnsubscribeTestsOnSqlite(SqliteAppFixture fixture) : UnsubscribeTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class UnsubscribeTestsOnPostgres(PostgresAppFixture fixture) : UnsubscribeTests(fixture);
