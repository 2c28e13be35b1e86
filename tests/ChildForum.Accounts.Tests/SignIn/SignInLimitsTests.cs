using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests.SignIn;

/// <summary>The sign-in limits as shipped (20 failures per client address and 5 per client address and account in
/// 15 minutes, 10 per account in a minute), on Kestrel: each test signs in from loopback addresses of its own.</summary>
public abstract class SignInLimitsTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_client_that_keeps_failing_on_an_account_gets_429_with_Retry_After_while_the_owner_signs_in_from_elsewhere()
    {
        var person = await App.CreateUserAsync();
        using var guesser = Loopback.Client(App, Loopback.NewAddress());
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await (await LoginAsync(guesser, person.Email, $"guess {attempt}")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var throttled = await LoginAsync(guesser, person.Email, person.Password);
        using var owner = Loopback.Client(App, Loopback.NewAddress());
        using var ownersSignIn = await LoginAsync(owner, person.Email, person.Password);

        var problem = await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many attempts", problem.Title);
        AssertRetryAfter(throttled, TimeSpan.FromMinutes(15));
        await ownersSignIn.ReadJsonAsync<TokenJson>();
    }

    [SkippableFact]
    public async Task A_client_that_fails_on_many_addresses_is_slowed_down_on_every_account()
    {
        var person = await App.CreateUserAsync();
        using var guesser = Loopback.Client(App, Loopback.NewAddress());
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            await (await LoginAsync(guesser, Unique.Email(), "any password")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var throttled = await LoginAsync(guesser, person.Email, person.Password);
        using var owner = Loopback.Client(App, Loopback.NewAddress());
        using var ownersSignIn = await LoginAsync(owner, person.Email, person.Password);

        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        AssertRetryAfter(throttled, TimeSpan.FromMinutes(15));
        await ownersSignIn.ReadJsonAsync<TokenJson>();
    }

    [SkippableFact]
    public async Task Many_clients_failing_on_one_account_reach_the_per_account_limit_for_a_minute()
    {
        var person = await App.CreateUserAsync();
        for (var client = 0; client < 2; client++)
        {
            using var guesser = Loopback.Client(App, Loopback.NewAddress());
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await (await LoginAsync(guesser, person.Email, $"guess {client}-{attempt}")).ReadProblemAsync(HttpStatusCode.Unauthorized);
            }
        }
        using var third = Loopback.Client(App, Loopback.NewAddress());

        using var throttled = await LoginAsync(third, person.Email, "guess from a third address");

        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        AssertRetryAfter(throttled, TimeSpan.FromMinutes(1));
    }

    [SkippableFact]
    public async Task Sign_in_page_past_the_limit_answers_429_with_the_sentence_on_the_page()
    {
        var person = await App.CreateUserAsync();
        using var browser = Loopback.Client(App, Loopback.NewAddress(), new CookieContainer());
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await PostSignInFormAsync(browser, person.Email, $"guess {attempt}");
            await wrong.AssertStatusAsync(HttpStatusCode.OK);
        }

        using var throttled = await PostSignInFormAsync(browser, person.Email, person.Password);

        await throttled.AssertStatusAsync(HttpStatusCode.TooManyRequests);
        AssertRetryAfter(throttled, TimeSpan.FromMinutes(15));
        using var page = await HtmlPage.ReadAsync(throttled);
        Assert.Contains("Too many failed attempts", page.TextOf("#login-error"), StringComparison.Ordinal);
        Assert.DoesNotContain(BrowserSession.AuthCookie, string.Join(";", throttled.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sign_in_page_gives_the_same_sentence_for_an_unknown_address_a_wrong_password_and_a_locked_account()
    {
        var person = await App.CreateUserAsync();
        var locked = await App.CreateUserAsync();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        await (await admin.PatchAsJsonAsync($"/api/v1/users/{locked.Id}", new { locked = true })).AssertStatusAsync(HttpStatusCode.OK);
        using var browser = Loopback.Client(App, Loopback.NewAddress(), new CookieContainer());

        var sentences = new List<string?>();
        foreach (var (email, password) in new[] { (person.Email, "not the password"), (Unique.Email(), "not the password"), (locked.Email, locked.Password) })
        {
            using var response = await PostSignInFormAsync(browser, email, password);
            using var page = await HtmlPage.ReadAsync(await response.AssertStatusAsync(HttpStatusCode.OK));
            sentences.Add(page.Document.QuerySelector("#login-error")?.OuterHtml);
        }

        Assert.NotNull(sentences[0]);
        Assert.All(sentences, sentence => Assert.Equal(sentences[0], sentence));
    }

    [SkippableFact]
    public async Task Wrong_current_passwords_on_the_password_page_are_limited_too()
    {
        var person = await App.CreateUserAsync();
        using var browser = Loopback.Client(App, Loopback.NewAddress(), new CookieContainer());
        await Loopback.SignInWithFormAsync(browser, person.Email, person.Password);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await ChangePasswordAsync(browser, $"guess {attempt}");
            await wrong.AssertStatusAsync(HttpStatusCode.OK);
        }

        using var throttled = await ChangePasswordAsync(browser, person.Password);

        await throttled.AssertStatusAsync(HttpStatusCode.TooManyRequests);
        using var page = await HtmlPage.ReadAsync(throttled);
        Assert.Contains("Too many failed attempts", page.TextOf("#CurrentPassword-error"), StringComparison.Ordinal);
        using var anonymous = Loopback.Client(App, Loopback.NewAddress());
        await (await LoginAsync(anonymous, person.Email, person.Password)).ReadJsonAsync<TokenJson>();
    }

    [SkippableFact]
    public async Task Made_up_refresh_tokens_are_limited_per_client()
    {
        using var client = Loopback.Client(App, Loopback.NewAddress());
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = $"made-up-{attempt}" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var throttled = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "made-up" });

        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        AssertRetryAfter(throttled, TimeSpan.FromMinutes(15));
    }

    internal static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    internal static void AssertRetryAfter(HttpResponseMessage response, TimeSpan atMost)
    {
        var seconds = response.Headers.RetryAfter?.Delta?.TotalSeconds ?? throw new Xunit.Sdk.XunitException("No Retry-After in seconds.");
        Assert.InRange(seconds, 1, atMost.TotalSeconds);
    }

    private static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient browser, string email, string password)
    {
        Dictionary<string, string> fields;
        using (var form = await browser.GetAsync("/account/login"))
        using (var page = await HtmlPage.ReadAsync(await form.AssertStatusAsync(HttpStatusCode.OK)))
        {
            fields = page.MainFormFields();
        }
        fields["Email"] = email;
        fields["Password"] = password;
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient browser, string current)
    {
        Dictionary<string, string> fields;
        using (var form = await browser.GetAsync("/account/password"))
        using (var page = await HtmlPage.ReadAsync(await form.AssertStatusAsync(HttpStatusCode.OK)))
        {
            fields = page.MainFormFields();
        }
        fields["CurrentPassword"] = current;
        fields["NewPassword"] = fields["ConfirmPassword"] = "a new and long password";
        return await browser.PostAsync("/account/password", new FormUrlEncodedContent(fields));
    }
}

[Collection(SqliteShippedLimitsFixture.Collection)]
public sealed class SignInLimitsTestsOnSqlite(SqliteShippedLimitsFixture fixture) : SignInLimitsTests(fixture);

[Collection(PostgresShippedLimitsFixture.Collection)]
public sealed class SignInLimitsTestsOnPostgres(PostgresShippedLimitsFixture fixture) : SignInLimitsTests(fixture);
