using System.Net;
using System.Text.Json;
using ChildForum.Testing;
using ChildForum.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.WorkingGroups.Tests.Host;

/// <summary>What operators and client developers rely on: the health check and the OpenAPI document.</summary>
public abstract class HostTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Health_check_answers_healthy_when_the_database_is_reachable()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/health");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Health_check_asked_for_json_names_each_check_with_its_status_and_a_sentence()
    {
        using var anonymous = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await anonymous.SendAsync(request);

        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var search = checks.GetProperty("search");
        Assert.Equal("Healthy", search.GetProperty("status").GetString());
        Assert.StartsWith("Lucene index: ", search.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Keys_that_protect_sign_in_and_invitation_links_are_kept_in_the_database()
    {
        // In a container the home folder is thrown away with the container, and every web node has its own: keys kept
        // there would sign everyone out whenever a new container starts, and a token from one node would fail on another.
        await App.AccessTokenAsync(DemoUsers.Email(DemoUsers.Cso), DemoUsers.Password);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains("<key ", key.Xml, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task OpenApi_document_describes_the_groups_members_organisations_and_sign_in_routes()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/openapi/v1.json");

        await response.AssertStatusAsync(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/groups", paths);
        Assert.Contains("/api/v1/groups/{group}", paths);
        Assert.Contains("/api/v1/groups/{group}/members", paths);
        Assert.Contains("/api/v1/groups/{group}/members/{userId}", paths);
        Assert.Contains("/api/v1/organisations", paths);
        Assert.Contains("/api/v1/auth/login", paths);
        var groups = document.RootElement.GetProperty("paths").GetProperty("/api/v1/groups");
        Assert.True(groups.TryGetProperty("get", out _) && groups.TryGetProperty("post", out _), "GET and POST /api/v1/groups are both described.");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class HostTestsOnSqlite(SqliteAppFixture fixture) : HostTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class HostTestsOnPostgres(PostgresAppFixture fixture) : HostTests(fixture);
