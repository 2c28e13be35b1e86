using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Endpoints;

/// <summary>Adding, re-roling and removing members, and who may do it.</summary>
public abstract class MembershipTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Facilitator_adds_an_existing_person_who_then_appears_in_the_member_list()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Slug}/members", new { email = DemoUsers.Email(DemoUsers.Researcher), role = "member" });

        var added = await response.ReadJsonAsync<MemberJson>(HttpStatusCode.Created);
        Assert.Equal(("member", "university", (string?)null), (added.Role, added.Organisation.StakeholderType, added.InvitationUrl));
        Assert.Equal($"/api/v1/groups/{group.Id}/members/{added.UserId}", response.Headers.Location?.OriginalString);
        var members = await (await facilitator.GetAsync($"/api/v1/groups/{group.Slug}/members")).ReadJsonAsync<List<MemberJson>>();
        Assert.Contains(members, m => m.UserId == added.UserId && m.Role == "member" && m.DisplayName == "Dr. Chen Yu");
    }

    [SkippableFact]
    public async Task Role_defaults_to_member_when_not_given()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Business) });

        Assert.Equal("member", (await response.ReadJsonAsync<MemberJson>(HttpStatusCode.Created)).Role);
    }

    [SkippableFact]
    public async Task Adding_someone_who_is_already_a_member_is_a_409_conflict()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "observer"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Cso), role = "member" });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        var members = await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/members")).ReadJsonAsync<List<MemberJson>>();
        Assert.Equal("observer", members.Single(m => m.Email == DemoUsers.Email(DemoUsers.Cso)).Role);
    }

    [SkippableFact]
    public async Task Adding_an_unknown_email_without_name_and_organisation_is_400_naming_both_fields()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = Unique.Email(), role = "member" });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("displayName", problem.Errors.Keys);
        Assert.Contains("organisationId", problem.Errors.Keys);
    }

    [SkippableFact]
    public async Task Adding_an_unknown_email_with_an_organisation_that_does_not_exist_is_400()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members",
            new { email = Unique.Email(), role = "member", displayName = "Nobody", organisationId = 987654 });

        Assert.Contains("organisationId", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData("not-an-address", "member", "email")]
    [InlineData("", "member", "email")]
    [InlineData("cso@demo.childforum.org", "chair", "role")]
    public async Task Adding_with_an_invalid_field_is_400_naming_the_field(string email, string role, string field)
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email, role });

        Assert.Contains(field, (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Facilitator_changes_a_members_role()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var userId = await App.UserIdAsync(DemoUsers.Official);

        using var response = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{userId}", new { role = "observer" });

        await response.AssertStatusAsync(HttpStatusCode.NoContent);
        var members = await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/members")).ReadJsonAsync<List<MemberJson>>();
        Assert.Equal("observer", members.Single(m => m.UserId == userId).Role);
    }

    [SkippableFact]
    public async Task Changing_a_role_to_one_that_does_not_exist_is_400_naming_the_role()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var userId = await App.UserIdAsync(DemoUsers.Official);

        using var response = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{userId}", new { role = "owner" });

        Assert.Contains("role", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Facilitator_removes_a_member_who_then_disappears_from_the_list()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Business, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var userId = await App.UserIdAsync(DemoUsers.Business);

        using var response = await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{userId}");

        await response.AssertStatusAsync(HttpStatusCode.NoContent);
        var members = await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/members")).ReadJsonAsync<List<MemberJson>>();
        Assert.DoesNotContain(members, m => m.UserId == userId);
    }

    [SkippableFact]
    public async Task Removing_or_re_roling_a_user_id_that_is_not_in_the_group_is_404()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var outsiderId = await App.UserIdAsync(DemoUsers.Outsider);

        using var deleteUnknown = await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/no-such-user");
        using var deleteNonMember = await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{outsiderId}");
        using var patchUnknown = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/no-such-user", new { role = "member" });

        await deleteUnknown.ReadProblemAsync(HttpStatusCode.NotFound);
        await deleteNonMember.ReadProblemAsync(HttpStatusCode.NotFound);
        await patchUnknown.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Last_facilitator_cannot_be_removed_or_demoted()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var facilitatorId = await App.UserIdAsync(DemoUsers.Facilitator);

        using var removed = await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{facilitatorId}");
        using var demoted = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{facilitatorId}", new { role = "member" });

        await removed.ReadProblemAsync(HttpStatusCode.Conflict);
        await demoted.ReadProblemAsync(HttpStatusCode.Conflict);
        var members = await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/members")).ReadJsonAsync<List<MemberJson>>();
        Assert.Equal("facilitator", members.Single(m => m.UserId == facilitatorId).Role);
    }

    [SkippableFact]
    public async Task Facilitator_steps_down_once_someone_else_facilitates()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var facilitatorId = await App.UserIdAsync(DemoUsers.Facilitator);
        var csoId = await App.UserIdAsync(DemoUsers.Cso);

        using var promoted = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{csoId}", new { role = "facilitator" });
        using var steppedDown = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{facilitatorId}", new { role = "member" });

        await promoted.AssertStatusAsync(HttpStatusCode.NoContent);
        await steppedDown.AssertStatusAsync(HttpStatusCode.NoContent);
        // No longer a facilitator: the next change is refused.
        using var notAllowed = await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{csoId}");
        await notAllowed.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Observer_and_member_may_not_add_people()
    {
        var observer = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (DemoUsers.Cso, "member"), (observer.Email, "observer"));
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var observing = await App.ClientForAsync(observer);
        var body = new { email = DemoUsers.Email(DemoUsers.Official), role = "member" };

        using var byMember = await member.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", body);
        using var byObserver = await observing.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", body);

        await byMember.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byObserver.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Signed_in_reader_of_a_public_group_who_does_not_facilitate_gets_403_when_changing_members()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        var csoId = await App.UserIdAsync(DemoUsers.Cso);

        using var add = await outsider.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Official) });
        using var patch = await outsider.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{csoId}", new { role = "observer" });
        using var delete = await outsider.DeleteAsync($"/api/v1/groups/{group.Id}/members/{csoId}");

        await add.ReadProblemAsync(HttpStatusCode.Forbidden);
        await patch.ReadProblemAsync(HttpStatusCode.Forbidden);
        await delete.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Signed_in_person_who_cannot_read_a_group_gets_404_when_changing_its_members()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        var csoId = await App.UserIdAsync(DemoUsers.Cso);

        using var add = await outsider.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Outsider) });
        using var delete = await outsider.DeleteAsync($"/api/v1/groups/{group.Id}/members/{csoId}");

        await add.ReadProblemAsync(HttpStatusCode.NotFound);
        await delete.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Anonymous_visitor_gets_401_when_changing_members()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var anonymous = App.CreateAnonymousClient();
        var csoId = await App.UserIdAsync(DemoUsers.Cso);

        using var add = await anonymous.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Official) });
        using var patch = await anonymous.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{csoId}", new { role = "observer" });
        using var delete = await anonymous.DeleteAsync($"/api/v1/groups/{group.Id}/members/{csoId}");

        await add.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await patch.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await delete.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Administrator_manages_members_of_a_group_they_are_not_in()
    {
        var group = await App.CreateGroupAsync("members");
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members", new { email = DemoUsers.Email(DemoUsers.Facilitator), role = "facilitator" });

        Assert.Equal("facilitator", (await response.ReadJsonAsync<MemberJson>(HttpStatusCode.Created)).Role);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MembershipTestsOnSqlite(SqliteAppFixture fixture) : MembershipTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MembershipTestsOnPostgres(PostgresAppFixture fixture) : MembershipTests(fixture);
