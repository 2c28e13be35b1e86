using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Endpoints;

/// <summary><c>POST /api/v1/groups</c>: administrators only, unique and well-formed slugs.</summary>
public abstract class GroupCreationTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Administrator_creates_a_group_that_can_be_read_at_its_location()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var slug = Unique.Slug();

        using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Migrant children and schooling", description = "随迁子女入学", visibility = "public" });

        var created = await response.ReadJsonAsync<GroupJson>(HttpStatusCode.Created);
        Assert.Equal((slug, "Migrant children and schooling", "随迁子女入学", "public", 0), (created.Slug, created.Name, created.Description, created.Visibility, created.MemberCount));
        var location = Assert.IsType<Uri>(response.Headers.Location);
        var read = await (await admin.GetAsync(location)).ReadJsonAsync<GroupJson>();
        Assert.Equal(created.Id, read.Id);
    }

    [SkippableFact]
    public async Task New_group_is_members_only_unless_said_otherwise()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug = Unique.Slug(), name = "Quiet group" });

        Assert.Equal("members", (await response.ReadJsonAsync<GroupJson>(HttpStatusCode.Created)).Visibility);
    }

    [SkippableFact]
    public async Task Taken_slug_is_a_409_conflict()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug = DemoGroups.LeftBehindChildren, name = "A second one" });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableTheory]
    [InlineData("Has Spaces")]
    [InlineData("1starts-with-digit")]
    [InlineData("x")]
    [InlineData("under_score")]
    [InlineData("")]
    public async Task Invalid_slug_is_400_naming_the_slug(string slug)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Valid name" });

        Assert.Contains("slug", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Unknown_visibility_is_400_naming_the_visibility()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug = Unique.Slug(), name = "Valid name", visibility = "secret" });

        Assert.Contains("visibility", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Only_administrators_create_groups()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();
        var slug = Unique.Slug();

        using var byFacilitator = await facilitator.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Not allowed" });
        using var byAnonymous = await anonymous.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Not allowed" });

        await byFacilitator.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        await (await admin.GetAsync($"/api/v1/groups/{slug}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class GroupCreationTestsOnSqlite(SqliteAppFixture fixture) : GroupCreationTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class GroupCreationTestsOnPostgres(PostgresAppFixture fixture) : GroupCreationTests(fixture);
