using System.Net;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Http;

/// <summary>A browser signed in with the cookie must send the page's antiforgery token with API changes, so that
/// another site cannot act through a signed-in browser. Bearer-token calls need no token (every other test uses them).</summary>
public abstract class AntiforgeryTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Cookie_signed_in_browser_reads_the_api_without_a_token()
    {
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);

        using var response = await browser.Client.GetAsync("/api/v1/auth/me");

        Assert.Equal(DemoUsers.Email(DemoUsers.Facilitator), (await response.ReadJsonAsync<MeJson>()).Email);
    }

    [SkippableFact]
    public async Task Cookie_signed_in_change_without_the_antiforgery_header_is_400_and_changes_nothing()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);

        using var response = await browser.SendJsonAsync(HttpMethod.Post, $"/api/v1/groups/{group.Id}/members",
            new { email = DemoUsers.Email(DemoUsers.Cso), role = "member" }, withAntiforgeryToken: false);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("RequestVerificationToken", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("RequestVerificationToken", problem.Errors.Keys);
        using var members = await browser.Client.GetAsync($"/api/v1/groups/{group.Id}/members");
        Assert.DoesNotContain(await members.ReadJsonAsync<List<MemberJson>>(), m => m.Email == DemoUsers.Email(DemoUsers.Cso));
    }

    [SkippableFact]
    public async Task Cookie_signed_in_change_with_the_token_from_the_page_adds_the_member()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);

        using var response = await browser.SendJsonAsync(HttpMethod.Post, $"/api/v1/groups/{group.Id}/members",
            new { email = DemoUsers.Email(DemoUsers.Cso), role = "member" });

        Assert.Equal(DemoUsers.Email(DemoUsers.Cso), (await response.ReadJsonAsync<MemberJson>(HttpStatusCode.Created)).Email);
    }

    [SkippableFact]
    public async Task Cookie_signed_in_rename_with_the_token_from_the_page_succeeds_and_without_it_fails()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);

        using var without = await browser.SendJsonAsync(HttpMethod.Patch, $"/api/v1/groups/{group.Id}", new { name = "Renamed without a token" }, withAntiforgeryToken: false);
        using var with = await browser.SendJsonAsync(HttpMethod.Patch, $"/api/v1/groups/{group.Id}", new { name = "Renamed with a token" });

        await without.ReadProblemAsync(HttpStatusCode.BadRequest);
        await with.AssertStatusAsync(HttpStatusCode.NoContent);
        using var read = await browser.Client.GetAsync($"/api/v1/groups/{group.Id}");
        Assert.Equal("Renamed with a token", (await read.ReadJsonAsync<GroupJson>()).Name);
    }

    [SkippableFact]
    public async Task Token_from_a_page_read_before_signing_in_is_refused_after()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var browser = App.CreateBrowserSession();
        string anonymousToken;
        using (var page = await browser.GetPageAsync("/account/login"))
        {
            anonymousToken = page.MainFormFields()["__RequestVerificationToken"];
        }
        await browser.SignInAsync(DemoUsers.Email(DemoUsers.Facilitator), DemoUsers.Password);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/groups/{group.Id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "Renamed with a stale token" }),
        };
        request.Headers.Add(BrowserSession.AntiforgeryHeader, anonymousToken);

        using var response = await browser.Client.SendAsync(request);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class AntiforgeryTestsOnSqlite(SqliteAppFixture fixture) : AntiforgeryTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class AntiforgeryTestsOnPostgres(PostgresAppFixture fixture) : AntiforgeryTests(fixture);
