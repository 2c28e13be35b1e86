using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Endpoints;

/// <summary><c>/api/v1/organisations</c>: anyone lists, administrators create and edit.</summary>
public abstract class OrganisationTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Administrator_creates_an_organisation_that_everyone_then_sees()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var name = Unique.Name("Mountain Villages Foundation");

        using var response = await admin.PostAsJsonAsync("/api/v1/organisations", new { name, stakeholderType = "cso" });

        var created = await response.ReadJsonAsync<OrganisationJson>(HttpStatusCode.Created);
        Assert.Equal((name, "cso"), (created.Name, created.StakeholderType));
        Assert.Equal($"/api/v1/organisations/{created.Id}", response.Headers.Location?.OriginalString);
        using var anonymous = App.CreateAnonymousClient();
        var list = await anonymous.GetFromJsonAsync<List<OrganisationJson>>("/api/v1/organisations");
        Assert.Contains(created, list!);
    }

    [SkippableFact]
    public async Task Duplicate_organisation_name_is_a_409_conflict()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Greenfield Foods Co.", stakeholderType = "business" });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableTheory]
    [InlineData("ngo")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Unknown_stakeholder_type_is_400_naming_the_field(string? stakeholderType)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = Unique.Name("Org"), stakeholderType });

        Assert.Contains("stakeholderType", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Only_administrators_create_organisations()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();
        var body = new { name = Unique.Name("Org"), stakeholderType = "cso" };

        using var byFacilitator = await facilitator.PostAsJsonAsync("/api/v1/organisations", body);
        using var byAnonymous = await anonymous.PostAsJsonAsync("/api/v1/organisations", body);

        await byFacilitator.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Administrator_renames_an_organisation_and_changes_its_type()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/v1/organisations", new { name = Unique.Name("Old name"), stakeholderType = "cso" }))
            .ReadJsonAsync<OrganisationJson>(HttpStatusCode.Created);
        var newName = Unique.Name("New name");

        using var response = await admin.PutAsJsonAsync($"/api/v1/organisations/{created.Id}", new { name = newName, stakeholderType = "university" });

        Assert.Equal(new OrganisationJson(created.Id, newName, "university"), await response.ReadJsonAsync<OrganisationJson>());
    }

    [SkippableFact]
    public async Task Renaming_to_the_name_of_another_organisation_is_a_409_conflict()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/v1/organisations", new { name = Unique.Name("Org"), stakeholderType = "cso" }))
            .ReadJsonAsync<OrganisationJson>(HttpStatusCode.Created);

        using var response = await admin.PutAsJsonAsync($"/api/v1/organisations/{created.Id}", new { name = "Greenfield Foods Co.", stakeholderType = "business" });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Updating_an_organisation_that_does_not_exist_is_404()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var unknownId = await admin.PutAsJsonAsync("/api/v1/organisations/987654", new { name = Unique.Name("Org"), stakeholderType = "cso" });
        using var notAnId = await admin.PutAsJsonAsync("/api/v1/organisations/greenfield", new { name = Unique.Name("Org"), stakeholderType = "cso" });

        await unknownId.ReadProblemAsync(HttpStatusCode.NotFound);
        await notAnId.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class OrganisationTestsOnSqlite(SqliteAppFixture fixture) : OrganisationTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class OrganisationTestsOnPostgres(PostgresAppFixture fixture) : OrganisationTests(fixture);
