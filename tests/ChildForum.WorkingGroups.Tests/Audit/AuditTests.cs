using System.Net;
using System.Net.Http.Json;
using ChildForum.Core.Audit;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Tests.Audit;

/// <summary>Changes to who may see and do what are written to the audit log, naming who made them.</summary>
public abstract class AuditTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Adding_a_member_is_audited_with_the_facilitator_who_did_it()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Official), role = "observer" });
        var added = await response.ReadJsonAsync<MemberJson>(HttpStatusCode.Created);

        var entry = Assert.Single(await EntriesAsync(group.Id), e => e.Action == AuditActions.MemberAdded);
        Assert.Equal((DemoUsers.Email(DemoUsers.Facilitator), await App.UserIdAsync(DemoUsers.Facilitator), added.UserId),
            (entry.ActorName, entry.ActorId, entry.TargetId));
        Assert.Contains(DemoUsers.Email(DemoUsers.Official), entry.Summary, StringComparison.Ordinal);
        Assert.Contains("as Observer", entry.Summary, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Changing_a_role_and_removing_a_member_are_audited()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Business, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var businessId = await App.UserIdAsync(DemoUsers.Business);

        await (await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{businessId}", new { role = "observer" })).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{businessId}")).AssertStatusAsync(HttpStatusCode.NoContent);

        var entries = await EntriesAsync(group.Id);
        Assert.Equal([AuditActions.MemberRoleChanged, AuditActions.MemberRemoved], entries.Where(e => e.TargetId == businessId).Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(DemoUsers.Email(DemoUsers.Facilitator), e.ActorName));
        Assert.Contains("from Member to Observer", entries[0].Summary, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Changing_visibility_is_audited_and_a_refused_change_is_not()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        await (await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}", new { visibility = "public" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(await EntriesAsync(group.Id), e => e.Action == AuditActions.GroupVisibilityChanged);
        await (await admin.PatchAsJsonAsync($"/api/v1/groups/{group.Id}", new { visibility = "public" })).AssertStatusAsync(HttpStatusCode.NoContent);

        var entry = Assert.Single(await EntriesAsync(group.Id), e => e.Action == AuditActions.GroupVisibilityChanged);
        Assert.Equal(DemoUsers.Email(DemoUsers.Admin), entry.ActorName);
        Assert.Contains("from Members only to Public", entry.Summary, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Creating_and_changing_an_organisation_are_audited()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/v1/organisations", new { name = Unique.Name("Audited org"), stakeholderType = "business" }))
            .ReadJsonAsync<OrganisationJson>(HttpStatusCode.Created);
        await (await admin.PutAsJsonAsync($"/api/v1/organisations/{created.Id}", new { name = created.Name, stakeholderType = "cso" })).AssertStatusAsync(HttpStatusCode.OK);

        var targetId = created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entries = await App.QueryDatabaseAsync(db =>
            db.AuditEntries.Where(e => e.TargetType == "organisation" && e.TargetId == targetId).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([AuditActions.OrganisationCreated, AuditActions.OrganisationUpdated], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(DemoUsers.Email(DemoUsers.Admin), e.ActorName));
    }

    private Task<List<AuditEntry>> EntriesAsync(int groupId) =>
        App.QueryDatabaseAsync(db => db.AuditEntries.Where(e => e.GroupId == groupId && e.Action != AuditActions.GroupCreated).OrderBy(e => e.Id).ToListAsync());
}

[Collection(SqliteAppFixture.Collection)]
public sealed class AuditTestsOnSqlite(SqliteAppFixture fixture) : AuditTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class AuditTestsOnPostgres(PostgresAppFixture fixture) : AuditTests(fixture);
