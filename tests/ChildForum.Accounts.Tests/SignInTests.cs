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
    public async Task Wrong_password_unknown_address_pending_invitation_and_locked_account_get_the_same_401_byte_for_byte()
    {
        var person = await App.CreateUserAsync();
        var locked = await App.CreateUserAsync();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        (await admin.PatchAsJsonAsync($"/api/v1/users/{locked.Id}", new { locked = true })).Dispose();
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var invited = Unique.Email();
        (await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = invited, role = "member", displayName = "Invited Person", organisationId = person.OrganisationId })).Dispose();
        using var anonymous = App.CreateAnonymousClient();

        var answers = new List<Problem>();
        foreach (var (email, password) in new[] { (person.Email, "not the password"), (Unique.Email(), "not the password"), (invited, "not the password"), (locked.Email, locked.Password) })
        {
            using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
            answers.Add(await response.ReadProblemAsync(HttpStatusCode.Unauthorized));
        }

        Assert.Equal("Sign-in failed", answers[0].Title);
        Assert.All(answers, answer => Assert.Equal((answers[0].Status, answers[0].Title, answers[0].Detail), (answer.Status, answer.Title, answer.Detail)));
        // The whole body but the trace id.
        Assert.All(answers, answer => Assert.Equal(WithoutTraceId(answers[0].Body), WithoutTraceId(answer.Body)));
    }

    [SkippableFact]
    public async Task Wrong_passwords_never_lock_the_account()
    {
        var person = await App.CreateUserAsync();
        using var anonymous = App.CreateAnonymousClient();
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            using var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = $"wrong guess {attempt}" });
            Assert.Equal("Sign-in failed", (await wrong.ReadProblemAsync(HttpStatusCode.Unauthorized)).Title);
        }

        using var right = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });

        await right.ReadJsonAsync<TokenJson>();
        var lockoutEnd = await App.QueryDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users.Where(u => u.Id == person.Id).Select(u => u.LockoutEnd)));
        Assert.Null(lockoutEnd);
    }

    private static string WithoutTraceId(string body) => System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");

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

[Collection(SqliteFixture.Collection)]
public sealed class SignInTestsOnSqlite(SqliteFixture fixture) : SignInTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class SignInTestsOnPostgres(PostgresFixture fixture) : SignInTests(fixture);
