using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Core.Audit;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Accounts.Tests.Administration;

public sealed record UserJson(string Id, string Email, string DisplayName, int OrganisationId, bool Administrator, bool Locked);

/// <summary>The contract's "Administration" routes: <c>GET /api/v1/users?q=</c> and <c>PATCH /api/v1/users/{id}</c>.</summary>
public abstract class UserApiTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Administrator_finds_a_person_with_exactly_the_contract_fields()
    {
        var person = await App.CreateUserAsync();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.GetAsync($"/api/v1/users?q={Uri.EscapeDataString(person.Email)}");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(["administrator", "displayName", "email", "id", "locked", "organisationId"], row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new UserJson(person.Id, person.Email, person.DisplayName, person.OrganisationId, false, false),
            System.Text.Json.JsonSerializer.Deserialize<UserJson>(row, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
    }

    [SkippableFact]
    public async Task Users_api_is_401_without_sign_in_and_403_for_people_who_are_not_administrators()
    {
        var person = await App.CreateUserAsync();
        using var anonymous = App.CreateAnonymousClient();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        await (await anonymous.GetAsync("/api/v1/users")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { locked = true })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await facilitator.GetAsync("/api/v1/users?q=a")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await facilitator.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { locked = true })).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.False(await IsLockedAsync(person.Id));
    }

    [SkippableFact]
    public async Task Bad_requests_are_400_and_unknown_people_404()
    {
        var person = await App.CreateUserAsync();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        var empty = await (await admin.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { })).ReadProblemAsync(HttpStatusCode.BadRequest);
        var notBoolean = await (await admin.PatchAsync($"/api/v1/users/{person.Id}", new StringContent("{\"locked\":\"yes\"}", System.Text.Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.BadRequest);
        var longQuery = await (await admin.GetAsync("/api/v1/users?q=" + new string('a', 201))).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchAsJsonAsync("/api/v1/users/no-such-person", new { locked = true })).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("locked", empty.Errors.Keys);
        Assert.NotEmpty(notBoolean.Errors);
        Assert.Contains("q", longQuery.Errors.Keys);
    }

    [SkippableFact]
    public async Task Locking_answers_the_user_ends_the_token_and_is_audited_and_unlocking_lets_them_back()
    {
        var person = await App.CreateUserAsync();
        var token = await App.AccessTokenAsync(person.Email, person.Password);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        var locked = await (await admin.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { locked = true })).ReadJsonAsync<UserJson>();

        Assert.True(locked.Locked);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(token));
        Assert.True(await App.QueryDatabaseAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.UserLocked && a.TargetId == person.Id)));
        var unlocked = await (await admin.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { locked = false })).ReadJsonAsync<UserJson>();
        Assert.False(unlocked.Locked);
        using var anonymous = App.CreateAnonymousClient();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password })).AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Taking_the_administrator_role_away_ends_the_token_even_though_roles_do_not_change_the_stamp_themselves()
    {
        var person = await App.CreateUserAsync();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var granted = await (await admin.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { administrator = true })).ReadJsonAsync<UserJson>();
        Assert.True(granted.Administrator);
        using var anonymous = App.CreateAnonymousClient();
        var adminToken = (await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = person.Password })).ReadJsonAsync<TokenJson>()).AccessToken;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(adminToken, "/api/v1/users?q=x"));

        var taken = await (await admin.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { administrator = false })).ReadJsonAsync<UserJson>();

        Assert.False(taken.Administrator);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(adminToken, "/api/v1/users?q=x"));
        Assert.True(await App.QueryDatabaseAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.UserRoleChanged && a.TargetId == person.Id)) == 2);
    }

    [SkippableFact]
    public async Task The_last_administrator_cannot_lock_or_demote_themselves_but_one_of_two_can()
    {
        var adminId = await App.UserIdAsync(DemoUsers.Admin);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        await (await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { locked = true })).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { administrator = false })).ReadProblemAsync(HttpStatusCode.Conflict);

        var second = await App.CreateUserAsync();
        await (await admin.PatchAsJsonAsync($"/api/v1/users/{second.Id}", new { administrator = true })).ReadJsonAsync<UserJson>();
        using var secondAdmin = await App.ClientForAsync(second);
        var demoted = await (await secondAdmin.PatchAsJsonAsync($"/api/v1/users/{second.Id}", new { administrator = false })).ReadJsonAsync<UserJson>();
        Assert.False(demoted.Administrator);
        var me = await (await admin.GetAsync($"/api/v1/users?q={DemoUsers.Email(DemoUsers.Admin)}")).ReadJsonAsync<List<UserJson>>();
        Assert.Equal((true, false), (me.Single().Administrator, me.Single().Locked));
    }

    private Task<HttpStatusCode> MeStatusAsync(string token) => StatusAsync(token, "/api/v1/auth/me");

    private async Task<HttpStatusCode> StatusAsync(string token, string url)
    {
        using var client = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private Task<bool> IsLockedAsync(string userId) =>
        App.QueryDatabaseAsync(async db => await db.Users.Where(u => u.Id == userId).Select(u => u.LockoutEnd).SingleAsync() is not null);
}

[Collection(SqliteFixture.Collection)]
public sealed class UserApiTestsOnSqlite(SqliteFixture fixture) : UserApiTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class UserApiTestsOnPostgres(PostgresFixture fixture) : UserApiTests(fixture);
