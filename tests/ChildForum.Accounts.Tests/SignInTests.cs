using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>Bearer sign-in for scripts and apps: <c>/api/v1/auth/login</c>, <c>/refresh</c> and <c>/me</c>.</summary>
public abstract class SignInTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Sign_in_returns_a_bearer_token_that_identifies_the_person()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoUsers.Email(DemoUsers.Researcher), password = DemoUsers.Password });

        var token = await response.ReadJsonAsync<TokenJson>();
        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(3600, token.ExpiresIn);
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var me = await (await anonymous.SendAsync(request)).ReadJsonAsync<MeJson>();
        Assert.Equal(("Dr. Chen Yu", "East Lake Normal University, Child Welfare Research Centre"), (me.DisplayName, me.Organisation));
    }

    [SkippableFact]
    public async Task Wrong_password_and_unknown_address_get_the_same_401()
    {
        var person = await App.CreateUserAsync();
        using var anonymous = App.CreateAnonymousClient();

        using var wrongPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "not the password" });
        using var unknownAddress = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = Unique.Email(), password = "not the password" });

        var first = await wrongPassword.ReadProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownAddress.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Sign-in failed", first.Title);
        Assert.Equal((first.Title, first.Detail), (second.Title, second.Detail));
    }

    [SkippableFact]
    public async Task Sign_in_without_email_and_password_is_400_naming_both()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "", password = (string?)null });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("email", problem.Errors.Keys);
        Assert.Contains("password", problem.Errors.Keys);
    }

    [SkippableFact]
    public async Task Account_is_locked_after_five_wrong_passwords_even_for_the_right_one()
    {
        var person = await App.CreateUserAsync();
        using var anonymous = App.CreateAnonymousClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = $"wrong guess {attempt}" });
            Assert.Equal("Sign-in failed", (await wrong.ReadProblemAsync(HttpStatusCode.Unauthorized)).Title);
        }
        using var fifth = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "wrong guess 5" });
        await fifth.ReadProblemAsync(HttpStatusCode.Unauthorized);

        using var right = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });

        var problem = await right.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Locked out", problem.Title);
        Assert.Contains("15 minutes", problem.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Four_wrong_passwords_do_not_lock_the_account()
    {
        var person = await App.CreateUserAsync();
        using var anonymous = App.CreateAnonymousClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = $"wrong guess {attempt}" });
            await wrong.ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var right = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });

        await right.ReadJsonAsync<TokenJson>();
    }

    [SkippableFact]
    public async Task Refresh_token_gives_a_new_access_token_that_works()
    {
        var person = await App.CreateUserAsync();
        using var anonymous = App.CreateAnonymousClient();
        var first = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password })).ReadJsonAsync<TokenJson>();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });

        var refreshed = await response.ReadJsonAsync<TokenJson>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.AccessToken);
        Assert.Equal(person.Email, (await (await anonymous.SendAsync(request)).ReadJsonAsync<MeJson>()).Email);
    }

    [SkippableFact]
    public async Task Made_up_refresh_token_is_401()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-refresh-token" });

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Me_without_a_token_or_with_a_made_up_one_is_401()
    {
        using var anonymous = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "made-up");

        using var withoutToken = await anonymous.GetAsync("/api/v1/auth/me");
        using var madeUp = await anonymous.SendAsync(request);

        await withoutToken.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await madeUp.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class SignInTestsOnSqlite(SqliteAppFixture fixture) : SignInTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class SignInTestsOnPostgres(PostgresAppFixture fixture) : SignInTests(fixture);
