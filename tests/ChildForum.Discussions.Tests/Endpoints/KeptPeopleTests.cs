using System.Net;
using System.Net.Http.Json;
using ChildForum.Core.Data;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>People's names and organisations are kept per node (KeptPeople) but follow every committed change at once:
/// an organisation renamed through the API, a name changed by a bulk statement that no service announces.</summary>
public abstract class KeptPeopleTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_renamed_organisation_is_shown_beside_its_people_at_once()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var name = Unique.Name("Organisation");
        using var created = await admin.PostAsJsonAsync("/api/v1/organisations", new { name, stakeholderType = "cso" });
        var organisationId = (await created.ReadJsonAsync<OrganisationJson>(HttpStatusCode.Created)).Id;
        var person = await App.CreateUserAsync(name);
        var scene = await App.NewSceneAsync("members", ("facilitator", "facilitator"), (person.Email, "member"));
        using var client = await App.ClientForAsync(person);
        Assert.Equal(name, (await client.PostMessageAsync(scene.Thread.Id, "Before the rename.")).Author.Organisation);
        Assert.Equal(name, (await client.MessagesAsync(scene.Thread.Id)).Last().Author.Organisation);

        var renamed = Unique.Name("Renamed");
        (await admin.PutAsJsonAsync($"/api/v1/organisations/{organisationId}", new { name = renamed, stakeholderType = "cso" })).EnsureSuccessStatusCode();

        Assert.Equal(renamed, (await client.PostMessageAsync(scene.Thread.Id, "After the rename.")).Author.Organisation);
        Assert.All((await client.MessagesAsync(scene.Thread.Id)).Where(m => m.Author.Id == person.Id), m => Assert.Equal(renamed, m.Author.Organisation));
    }

    [SkippableFact]
    public async Task A_name_changed_in_bulk_is_shown_at_once()
    {
        var person = await App.CreateUserAsync();
        var scene = await App.NewSceneAsync("members", ("facilitator", "facilitator"), (person.Email, "member"));
        using var client = await App.ClientForAsync(person);
        await client.PostMessageAsync(scene.Thread.Id, "Under my first name.");
        Assert.Equal(person.DisplayName, (await client.MessagesAsync(scene.Thread.Id)).Last().Author.DisplayName);

        var changed = "Renamed " + Unique.Slug();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            await db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayName, changed));
        }

        Assert.Equal(changed, (await client.MessagesAsync(scene.Thread.Id)).Last().Author.DisplayName);
    }

    private sealed record OrganisationJson(int Id, string Name, string StakeholderType);
}

[Collection(SqliteFixture.Collection)]
public sealed class KeptPeopleTestsOnSqlite(SqliteFixture fixture) : KeptPeopleTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class KeptPeopleTestsOnPostgres(PostgresFixture fixture) : KeptPeopleTests(fixture);
