using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>The change-password page, <c>/account/password</c>.</summary>
public abstract class ChangePasswordTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string NewPassword = "a new password for 2027";

    [SkippableFact]
    public async Task Changing_the_password_makes_the_new_one_work_and_the_old_one_fail()
    {
        var person = await App.CreateUserAsync();
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        using var response = await ChangeAsync(browser, person.Password, NewPassword);

        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        using var anonymous = App.CreateAnonymousClient();
        using var old = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        using var renewed = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = NewPassword });
        await old.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await renewed.AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Wrong_current_password_is_shown_next_to_its_field_and_changes_nothing()
    {
        var person = await App.CreateUserAsync();
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        using var response = await ChangeAsync(browser, "not my password", NewPassword);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        using var page = await HtmlPage.ReadAsync(response);
        Assert.Contains("not right", page.TextOf("#CurrentPassword-error"), StringComparison.Ordinal);
        using var anonymous = App.CreateAnonymousClient();
        using var old = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        await old.AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Wrong_current_passwords_never_lock_the_account_nor_end_the_session()
    {
        var person = await App.CreateUserAsync();
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var wrong = await ChangeAsync(browser, $"wrong guess {attempt}", NewPassword);
            using var again = await HtmlPage.ReadAsync(await wrong.AssertStatusAsync(HttpStatusCode.OK));
            Assert.Contains("not right", again.TextOf("#CurrentPassword-error"), StringComparison.Ordinal);
        }

        using var afterwards = await browser.Client.GetAsync("/account/password");
        await afterwards.AssertStatusAsync(HttpStatusCode.OK);
        using var anonymous = App.CreateAnonymousClient();
        using var right = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        await right.AssertStatusAsync(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> ChangeAsync(BrowserSession browser, string current, string next)
    {
        Dictionary<string, string> fields;
        using (var form = await browser.GetPageAsync("/account/password"))
        {
            fields = form.MainFormFields();
        }
        fields["CurrentPassword"] = current;
        fields["NewPassword"] = next;
        fields["ConfirmPassword"] = next;
        return await browser.PostFormAsync("/account/password", fields);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class ChangePasswordTestsOnSqlite(SqliteFixture fixture) : ChangePasswordTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class ChangePasswordTestsOnPostgres(PostgresFixture fixture) : ChangePasswordTests(fixture);
