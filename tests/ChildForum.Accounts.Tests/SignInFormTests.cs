using System.Net;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>The browser's sign-in page, <c>/account/login</c>.</summary>
public abstract class SignInFormTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Sign_in_page_has_a_form_with_email_password_remember_me_and_an_antiforgery_token()
    {
        using var browser = App.CreateBrowserSession();

        using var page = await browser.GetPageAsync("/account/login?returnUrl=%2Fsomewhere");

        var fields = page.MainFormFields();
        Assert.Equal("/somewhere", fields["ReturnUrl"]);
        Assert.False(string.IsNullOrEmpty(fields["__RequestVerificationToken"]));
        Assert.NotNull(page.MainForm.QuerySelector("input[name=Email]"));
        Assert.NotNull(page.MainForm.QuerySelector("input[name=Password][type=password]"));
        Assert.NotNull(page.MainForm.QuerySelector("input[name=RememberMe][type=checkbox]"));
        // The token for script calls is only on signed-in people's pages.
        Assert.Null(page.RequestVerificationToken);
    }

    [SkippableTheory]
    [InlineData("", "/")]
    [InlineData("/groups/left-behind-children", "/groups/left-behind-children")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("/\\evil.example/phish", "/")]
    public async Task Signing_in_sets_the_auth_cookie_and_returns_only_to_local_addresses(string returnUrl, string expectedLocation)
    {
        var person = await App.CreateUserAsync();
        using var browser = App.CreateBrowserSession();
        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl)))
        {
            fields = page.MainFormFields();
        }
        fields["Email"] = person.Email;
        fields["Password"] = person.Password;

        using var response = await browser.PostFormAsync("/account/login", fields);

        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
        Assert.True(BrowserSession.HasCookie(response, BrowserSession.AuthCookie));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Keep_me_signed_in_decides_whether_the_cookie_outlives_the_browser_session(bool rememberMe)
    {
        var person = await App.CreateUserAsync();
        using var browser = App.CreateBrowserSession();
        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync("/account/login"))
        {
            fields = page.MainFormFields();
        }
        fields["Email"] = person.Email;
        fields["Password"] = person.Password;
        if (rememberMe)
        {
            fields["RememberMe"] = "true";
        }

        using var response = await browser.PostFormAsync("/account/login", fields);

        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(BrowserSession.AuthCookie + "=", StringComparison.Ordinal));
        Assert.Equal(rememberMe, cookie.Contains("expires=", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Wrong_password_shows_the_form_again_with_an_error_and_signs_nobody_in()
    {
        var person = await App.CreateUserAsync();
        using var browser = App.CreateBrowserSession();
        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync("/account/login"))
        {
            fields = page.MainFormFields();
        }
        fields["Email"] = person.Email;
        fields["Password"] = "not the password";

        using var response = await browser.PostFormAsync("/account/login", fields);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(BrowserSession.HasCookie(response, BrowserSession.AuthCookie));
        using var again = await HtmlPage.ReadAsync(response);
        Assert.Contains("not right", again.TextOf("#login-error"), StringComparison.Ordinal);
        Assert.Equal(person.Email, again.MainFormFields()["Email"]);
        Assert.Equal("", again.MainFormFields()["Password"]);
    }

    [SkippableFact]
    public async Task Sign_in_form_posted_without_the_antiforgery_token_is_400_and_signs_nobody_in()
    {
        var person = await App.CreateUserAsync();
        using var browser = App.CreateBrowserSession();
        using (await browser.GetPageAsync("/account/login"))
        {
            // The antiforgery cookie is now set, as it would be in a browser; only the form field is missing.
        }

        using var response = await browser.PostFormAsync("/account/login",
            new Dictionary<string, string> { ["Email"] = person.Email, ["Password"] = person.Password });

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.False(BrowserSession.HasCookie(response, BrowserSession.AuthCookie));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class SignInFormTestsOnSqlite(SqliteFixture fixture) : SignInFormTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class SignInFormTestsOnPostgres(PostgresFixture fixture) : SignInFormTests(fixture);
