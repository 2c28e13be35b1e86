using System.Net;
using ChildForum.Mail.Models;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Tests.Sending;

/// <summary>The administrators' page <c>/admin/mail</c>: only for administrators; says whether the site sends mail; counts
/// the outbox; sends a test mail to a typed address, with an error next to the field for one that is not an address.</summary>
public abstract class MailAdminPageTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Only_administrators_open_the_page()
    {
        using var anonymous = App.CreateAnonymousClient();
        using var anonymousResponse = await anonymous.GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/account/login", anonymousResponse.Headers.Location?.ToString(), StringComparison.Ordinal);

        using var member = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var memberResponse = await member.Client.GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.Redirect, memberResponse.StatusCode);
        Assert.Contains("/account/access-denied", memberResponse.Headers.Location?.ToString(), StringComparison.Ordinal);

        using var script = await App.ClientForAsync(DemoUsers.Cso);
        using var scriptResponse = await script.GetAsync("/admin/mail");
        Assert.Equal(HttpStatusCode.Forbidden, scriptResponse.StatusCode);
        Assert.DoesNotContain("Mails by status", await scriptResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Without_an_smtp_server_the_page_says_the_site_sends_no_mail_and_which_keys_to_set()
    {
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        using var page = await admin.GetPageAsync("/admin/mail");

        Assert.Contains("This site sends no mail", page.Html, StringComparison.Ordinal);
        Assert.Contains("Mail:Smtp:Host", page.Html, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("main a[href='/admin/mail'], nav a[href='/admin/mail']"));

        using var zh = await App.SignInWithCookieAsync(DemoUsers.Admin);
        zh.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        using var chinese = await zh.GetPageAsync("/admin/mail");
        Assert.Contains("本站不发送任何邮件", chinese.Html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_administrator_sees_the_counts_and_sends_a_test_mail_to_the_address_typed()
    {
        using var maildev = MailDevServer.Require();
        await using var node = App.NewNode(realServer: false);
        foreach (var (key, value) in maildev.SiteSettings())
        {
            node.Settings[key] = value;
        }
        await node.StartAsync();
        using var admin = await node.SignInWithCookieAsync(DemoUsers.Admin);

        Dictionary<string, string> fields;
        using (var page = await admin.GetPageAsync("/admin/mail"))
        {
            Assert.DoesNotContain("This site sends no mail", page.Html, StringComparison.Ordinal);
            Assert.NotNull(page.Document.QuerySelector("tr[data-status='sent'] td"));
            fields = page.MainFormFields();
        }
        Assert.Equal(DemoUsers.Email(DemoUsers.Admin), fields["Address"]);

        fields["Address"] = "not an address";
        using (var refused = await admin.PostFormAsync("/admin/mail?handler=Test", fields))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            using var page = await HtmlPage.ReadAsync(refused);
            Assert.Equal("Enter one e-mail address, like name@example.org.", page.TextOf("#address-error"));
            Assert.Equal("true", page.Document.QuerySelector("#address")?.GetAttribute("aria-invalid"));
        }

        var sentBefore = await SentCountAsync();
        var address = Unique.Email();
        fields["Address"] = address;
        using (var queued = await admin.PostFormAsync("/admin/mail?handler=Test", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        }
        var message = Assert.Single(await maildev.WaitForMessagesAsync(address));
        Assert.Equal("ChildForum test mail", message.Subject);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await SentCountAsync() <= sentBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        using var after = await admin.GetPageAsync("/admin/mail");
        Assert.Equal((await SentCountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), after.TextOf("tr[data-status='sent'] td"));
        Assert.True(await SentCountAsync() > sentBefore);
    }

    private Task<int> SentCountAsync() => App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().CountAsync(m => m.Status == OutgoingMailStatus.Sent));
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MailAdminPageTestsOnSqlite(SqliteAppFixture fixture) : MailAdminPageTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MailAdminPageTestsOnPostgres(PostgresAppFixture fixture) : MailAdminPageTests(fixture);
