using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Accounts.Tests.Administration;
using ChildForum.Accounts.Tests.SignIn;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests.Sessions;

/// <summary>Two web nodes sharing a database and Redis: a session ended on one node answers 401 on the other at once
/// (the event reaches every node before the change answers), for bearer tokens, refresh tokens and sign-in cookies alike;
/// and the sign-in limits count the failures of both nodes together.</summary>
[Collection(TwoNodesFixture.Collection)]
public sealed class SessionsAcrossNodesTests(TwoNodesFixture nodes)
{
    [SkippableFact]
    public async Task Locking_on_node_A_ends_the_bearer_token_the_cookie_and_the_refresh_token_on_node_B()
    {
        var person = await nodes.A.CreateUserAsync();
        var (tokens, cookies) = await SignInOnBAsync(person);
        using var cookieOnB = Loopback.Client(nodes.B, Loopback.NewAddress(), cookies);
        Assert.Equal(HttpStatusCode.OK, await MeOnBAsync(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await cookieOnB.GetAsync("/api/v1/auth/me")).StatusCode);

        using var adminOnA = await nodes.A.ClientForAsync(DemoUsers.Admin);
        await (await adminOnA.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { locked = true })).ReadJsonAsync<UserJson>();

        Assert.Equal(HttpStatusCode.Unauthorized, await MeOnBAsync(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        using var page = await cookieOnB.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        using var refresh = await cookieOnB.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await refresh.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Taking_the_administrator_role_away_on_node_A_ends_the_token_on_node_B()
    {
        var person = await nodes.A.CreateUserAsync();
        using var adminOnA = await nodes.A.ClientForAsync(DemoUsers.Admin);
        await (await adminOnA.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { administrator = true })).ReadJsonAsync<UserJson>();
        var (tokens, _) = await SignInOnBAsync(person);

        await (await adminOnA.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { administrator = false })).ReadJsonAsync<UserJson>();

        Assert.Equal(HttpStatusCode.Unauthorized, await MeOnBAsync(tokens.AccessToken));
        using var anonymous = Loopback.Client(nodes.B, Loopback.NewAddress());
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Changing_the_password_on_node_A_ends_other_sessions_on_node_B_and_keeps_the_one_that_changed_it()
    {
        var person = await nodes.A.CreateUserAsync();
        var (tokens, otherCookies) = await SignInOnBAsync(person);
        var ownCookies = new CookieContainer();
        var address = Loopback.NewAddress();
        using var ownOnA = Loopback.Client(nodes.A, address, ownCookies);
        await Loopback.SignInWithFormAsync(ownOnA, person.Email, person.Password);

        Dictionary<string, string> fields;
        using (var form = await ownOnA.GetAsync("/account/password"))
        using (var formPage = await HtmlPage.ReadAsync(await form.AssertStatusAsync(HttpStatusCode.OK)))
        {
            fields = formPage.MainFormFields();
        }
        fields["CurrentPassword"] = person.Password;
        fields["NewPassword"] = fields["ConfirmPassword"] = "the new and longer password";
        using var changed = await ownOnA.PostAsync("/account/password", new FormUrlEncodedContent(fields));
        await changed.AssertStatusAsync(HttpStatusCode.Redirect);

        using var ownOnB = Loopback.Client(nodes.B, address, ownCookies);
        using var otherOnB = Loopback.Client(nodes.B, Loopback.NewAddress(), otherCookies);
        Assert.Equal(HttpStatusCode.OK, (await ownOnA.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherOnB.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeOnBAsync(tokens.AccessToken));
        await (await otherOnB.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Failures_on_node_A_count_on_node_B()
    {
        var person = await nodes.A.CreateUserAsync();
        var address = Loopback.NewAddress();
        using var onA = Loopback.Client(nodes.A, address);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await (await SignInLimitsTests.LoginAsync(onA, person.Email, $"guess {attempt}")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }
        using var onB = Loopback.Client(nodes.B, address);

        using var throttled = await SignInLimitsTests.LoginAsync(onB, person.Email, person.Password);

        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        SignInLimitsTests.AssertRetryAfter(throttled, TimeSpan.FromMinutes(15));
        using var owner = Loopback.Client(nodes.B, Loopback.NewAddress());
        await (await SignInLimitsTests.LoginAsync(owner, person.Email, person.Password)).ReadJsonAsync<TokenJson>();
    }

    /// <summary>A bearer sign-in and a cookie sign-in of the person on node B, each from an address of its own.</summary>
    private async Task<(TokenJson Tokens, CookieContainer Cookies)> SignInOnBAsync(TestUser person)
    {
        using var api = Loopback.Client(nodes.B, Loopback.NewAddress());
        var tokens = await (await SignInLimitsTests.LoginAsync(api, person.Email, person.Password)).ReadJsonAsync<TokenJson>();
        var cookies = new CookieContainer();
        using var browser = Loopback.Client(nodes.B, Loopback.NewAddress(), cookies);
        await Loopback.SignInWithFormAsync(browser, person.Email, person.Password);
        return (tokens, cookies);
    }

    private async Task<HttpStatusCode> MeOnBAsync(string accessToken)
    {
        using var client = Loopback.Client(nodes.B, Loopback.NewAddress());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
