using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests;

/// <summary>The administrators' users page, <c>/admin/users</c>, and what its actions do to a person's sessions.</summary>
public abstract class UserAdministrationTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Locking_an_account_ends_its_bearer_token_at_once_and_unlocking_lets_it_sign_in_again()
    {
        var person = await App.CreateUserAsync();
        var token = await App.AccessTokenAsync(person.Email, person.Password);
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(token));

        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        await PostUserActionAsync(admin, "Lock", person.Id, ("locked", "true"));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(token));
        using var anonymous = App.CreateAnonymousClient();
        using var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        Assert.Equal("Sign-in failed", (await refused.ReadProblemAsync(HttpStatusCode.Unauthorized)).Title);

        await PostUserActionAsync(admin, "Lock", person.Id, ("locked", "false"));
        using var again = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [SkippableFact]
    public async Task Taking_away_the_administrator_role_ends_the_old_token_and_the_next_one_is_refused_admin_routes()
    {
        var person = await App.CreateUserAsync();
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        await PostUserActionAsync(admin, "Administrator", person.Id, ("grant", "true"));
        using var anonymous = App.CreateAnonymousClient();
        var adminToken = (await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password })).ReadJsonAsync<TokenJson>()).AccessToken;
        Assert.Equal(HttpStatusCode.Created, await CreateOrganisationStatusAsync(adminToken));

        await PostUserActionAsync(admin, "Administrator", person.Id, ("grant", "false"));

        Assert.Equal(HttpStatusCode.Unauthorized, await CreateOrganisationStatusAsync(adminToken));
        var newToken = (await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password })).ReadJsonAsync<TokenJson>()).AccessToken;
        Assert.Equal(HttpStatusCode.Forbidden, await CreateOrganisationStatusAsync(newToken));
    }

    [SkippableFact]
    public async Task Administrator_cannot_lock_their_own_account()
    {
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        var adminId = await App.UserIdAsync(DemoUsers.Admin);

        await PostUserActionAsync(admin, "Lock", adminId, ("locked", "true"));

        using var page = await admin.GetPageAsync("/admin/users");
        Assert.Contains("only administrator who can sign in", page.TextOf(".message-success"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Creating_an_account_without_an_organisation_shows_the_error_next_to_the_field()
    {
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        using var form = await admin.GetPageAsync("/admin/users");

        using var response = await admin.PostFormAsync("/admin/users?handler=Create", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.RequestVerificationToken!,
            ["Form.Email"] = Unique.Email(),
            ["Form.DisplayName"] = "Nobody Yet",
            ["Form.OrganisationId"] = "",
        });

        await response.AssertStatusAsync(HttpStatusCode.OK);
        using var page = await HtmlPage.ReadAsync(response);
        Assert.Equal("Choose the person's organisation.", page.TextOf("#Form_OrganisationId-error"));
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Facilitator)]
    [InlineData(DemoUsers.Cso)]
    public async Task Users_page_sends_people_who_are_not_administrators_to_the_access_denied_page(string user)
    {
        using var session = await App.SignInWithCookieAsync(user);

        using var response = await session.Client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/access-denied", response.Headers.Location!.AbsolutePath);
        using var denied = await session.Client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var page = await HtmlPage.ReadAsync(denied);
        Assert.Equal("Access denied", page.TextOf("main h1"));
    }

    [SkippableFact]
    public async Task A_display_name_with_an_id_number_or_phone_is_refused_next_to_the_field_in_english_and_chinese()
    {
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        foreach (var (name, culture, expected) in new[]
        {
            ("Xiao Ming " + IdNumbers.Valid, "en", "ID number"),
            ("Xiao Ming 13812345678", "en", "phone number"),
            ("小明 13812345678", "zh-Hans", "电话号码"),
        })
        {
            using var form = await admin.GetPageAsync("/admin/users");
            var email = Unique.Email();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/users?handler=Create")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = form.RequestVerificationToken!,
                    ["Form.Email"] = email,
                    ["Form.DisplayName"] = name,
                    ["Form.OrganisationId"] = (await App.CreateUserAsync()).OrganisationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }),
            };
            request.Headers.AcceptLanguage.ParseAdd(culture);

            using var response = await admin.Client.SendAsync(request);

            await response.AssertStatusAsync(HttpStatusCode.OK);
            using var page = await HtmlPage.ReadAsync(response);
            Assert.Contains(expected, page.TextOf("#Form_DisplayName-error"), StringComparison.Ordinal);
            var normalised = email.ToUpperInvariant();
            Assert.False(await App.QueryDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.NormalizedEmail == normalised)));
        }
    }

    [SkippableFact]
    public async Task Self_registration_is_off_by_default()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/account/register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpStatusCode> MeStatusAsync(string token)
    {
        using var client = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> CreateOrganisationStatusAsync(string token)
    {
        using var client = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organisations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "Org " + Guid.NewGuid().ToString("N"), stakeholderType = "cso" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task PostUserActionAsync(BrowserSession admin, string handler, string userId, params (string Name, string Value)[] fields)
    {
        using var page = await admin.GetPageAsync("/admin/users");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = page.RequestVerificationToken!, ["userId"] = userId };
        foreach (var (name, value) in fields)
        {
            form[name] = value;
        }
        using var response = await admin.PostFormAsync($"/admin/users?handler={handler}", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class UserAdministrationTestsOnSqlite(SqliteFixture fixture) : UserAdministrationTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class UserAdministrationTestsOnPostgres(PostgresFixture fixture) : UserAdministrationTests(fixture);

