using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>A facilitator adds someone who has no account: the site creates one and answers with a link that the
/// facilitator passes on; the person sets a password there and is then a member like any other.</summary>
public abstract class InvitationTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Invited_person_sets_a_password_through_the_link_then_signs_in_and_reads_the_group()
    {
        var (group, email, invitationUrl) = await InviteAsync();
        const string password = "a long and unusual password";

        using var browser = App.CreateBrowserSession();
        using var accepted = await AcceptAsync(browser, invitationUrl, password);

        await accepted.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal("/", accepted.Headers.Location?.OriginalString);
        Assert.True(BrowserSession.HasCookie(accepted, BrowserSession.AuthCookie), "Accepting the invitation signs the person in.");
        using var client = await App.ClientForAsync(email, password);
        var read = await (await client.GetAsync($"/api/v1/groups/{group.Id}")).ReadJsonAsync<GroupJson>();
        Assert.Equal("member", read.MyRole);
    }

    [SkippableFact]
    public async Task Invitation_url_is_absolute_and_the_new_account_cannot_sign_in_before_accepting()
    {
        var (_, email, invitationUrl) = await InviteAsync();
        using var anonymous = App.CreateAnonymousClient();

        using var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "a long and unusual password" });

        Assert.True(Uri.TryCreate(invitationUrl, UriKind.Absolute, out var uri), invitationUrl);
        Assert.Equal("/account/invitation", uri.AbsolutePath);
        Assert.Contains("token=", uri.Query, StringComparison.Ordinal);
        await signIn.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Invitation_link_works_only_once()
    {
        var (_, email, invitationUrl) = await InviteAsync();
        using var browser = App.CreateBrowserSession();
        using var first = await AcceptAsync(browser, invitationUrl, "the first chosen password");
        await first.AssertStatusAsync(HttpStatusCode.Redirect);

        using var stranger = App.CreateBrowserSession();
        using var again = await stranger.GetPageAsync(new Uri(invitationUrl).PathAndQuery);

        Assert.Empty(again.Document.QuerySelectorAll("main form"));
        Assert.Contains("not valid any more", again.TextOf("main [role=alert]"), StringComparison.Ordinal);
        using var anonymous = App.CreateAnonymousClient();
        using var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "the first chosen password" });
        await signIn.AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Invitation_with_a_tampered_token_sets_no_password()
    {
        var (_, email, invitationUrl) = await InviteAsync();
        using var browser = App.CreateBrowserSession();
        var path = new Uri(invitationUrl).PathAndQuery;
        Dictionary<string, string> fields;
        using (var form = await browser.GetPageAsync(path))
        {
            fields = form.MainFormFields();
        }
        fields["Token"] = "dGFtcGVyZWQ";
        fields["NewPassword"] = fields["ConfirmPassword"] = "a password that must not work";

        using var response = await browser.PostFormAsync(path, fields);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(BrowserSession.HasCookie(response, BrowserSession.AuthCookie));
        using var anonymous = App.CreateAnonymousClient();
        using var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "a password that must not work" });
        await signIn.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Renewing_an_invitation_revokes_the_earlier_link()
    {
        var (_, email, firstUrl) = await InviteAsync();
        var userId = await App.UserIdAsync(email);
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        using (var users = await admin.GetPageAsync("/admin/users"))
        {
            using var renewed = await admin.PostFormAsync("/admin/users?handler=Invitation", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = users.RequestVerificationToken!,
                ["userId"] = userId,
            });
            await renewed.AssertStatusAsync(HttpStatusCode.Redirect);
        }
        using var after = await admin.GetPageAsync("/admin/users");
        var secondUrl = after.Document.QuerySelector("#invitation-url")?.GetAttribute("value") ?? throw new Xunit.Sdk.XunitException("No new link on the page.");
        Assert.NotEqual(firstUrl, secondUrl);

        using var stranger = App.CreateBrowserSession();
        using var old = await stranger.GetPageAsync(new Uri(firstUrl).PathAndQuery);
        Assert.Empty(old.Document.QuerySelectorAll("main form"));
        Assert.DoesNotContain("Mei Lin", old.Html, StringComparison.Ordinal);

        using var browser = App.CreateBrowserSession();
        using var accepted = await AcceptAsync(browser, secondUrl, "the newest link works");
        await accepted.AssertStatusAsync(HttpStatusCode.Redirect);
    }

    [SkippableFact]
    public async Task Old_link_posted_after_renewal_sets_no_password()
    {
        var (_, email, firstUrl) = await InviteAsync();
        using var browser = App.CreateBrowserSession();
        var path = new Uri(firstUrl).PathAndQuery;
        Dictionary<string, string> fields;
        using (var form = await browser.GetPageAsync(path))
        {
            fields = form.MainFormFields();
        }
        await RenewAsync(email);
        fields["NewPassword"] = fields["ConfirmPassword"] = "a password from an old link";

        using var response = await browser.PostFormAsync(path, fields);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(BrowserSession.HasCookie(response, BrowserSession.AuthCookie));
        using var anonymous = App.CreateAnonymousClient();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "a password from an old link" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Link_with_a_made_up_token_shows_nothing_about_the_person()
    {
        var (_, email, invitationUrl) = await InviteAsync();
        var userId = await App.UserIdAsync(email);
        using var stranger = App.CreateBrowserSession();

        using var page = await stranger.GetPageAsync($"/account/invitation?user={Uri.EscapeDataString(userId)}&token=anything");

        Assert.DoesNotContain("Mei Lin", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(email, page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(page.Document.QuerySelectorAll("main form"));
        using var real = await stranger.GetPageAsync(new Uri(invitationUrl).PathAndQuery);
        Assert.Contains("Mei Lin", real.Html, StringComparison.Ordinal);
    }

    private async Task RenewAsync(string email)
    {
        var userId = await App.UserIdAsync(email);
        using var session = await App.SignInWithCookieAsync(DemoUsers.Admin);
        using var users = await session.GetPageAsync("/admin/users");
        using var renewed = await session.PostFormAsync("/admin/users?handler=Invitation", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = users.RequestVerificationToken!,
            ["userId"] = userId,
        });
        await renewed.AssertStatusAsync(HttpStatusCode.Redirect);
    }

    /// <summary>The facilitator of a new group adds an e-mail address nobody has; returns the invitation link.</summary>
    private async Task<(GroupJson Group, string Email, string InvitationUrl)> InviteAsync()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var organisations = await facilitator.GetFromJsonAsync<List<OrganisationJson>>("/api/v1/organisations");
        var organisation = organisations!.Single(o => o.Name == "Hillside Parents' Association");
        var email = Unique.Email();

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members",
            new { email, role = "member", displayName = "Mei Lin", organisationId = organisation.Id });

        var added = await response.ReadJsonAsync<MemberJson>(HttpStatusCode.Created);
        Assert.Equal(("Mei Lin", "cso"), (added.DisplayName, added.Organisation.StakeholderType));
        return (group, email, added.InvitationUrl ?? throw new Xunit.Sdk.XunitException("A new account must come with an invitationUrl."));
    }

    /// <summary>Opens the link, fills in the form it shows and submits it, as the invited person's browser would.</summary>
    private static async Task<HttpResponseMessage> AcceptAsync(BrowserSession browser, string invitationUrl, string password)
    {
        var path = new Uri(invitationUrl).PathAndQuery;
        Dictionary<string, string> fields;
        using (var form = await browser.GetPageAsync(path))
        {
            fields = form.MainFormFields();
        }
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["NewPassword"] = password;
        fields["ConfirmPassword"] = password;
        return await browser.PostFormAsync(path, fields);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class InvitationTestsOnSqlite(SqliteFixture fixture) : InvitationTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class InvitationTestsOnPostgres(PostgresFixture fixture) : InvitationTests(fixture);
