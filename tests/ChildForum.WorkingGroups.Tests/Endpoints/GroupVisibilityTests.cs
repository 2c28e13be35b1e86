using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Endpoints;

/// <summary>Who may read which group: anonymous visitors, outsiders, observers, members, facilitators and
/// administrators. Each test that needs roles builds a group of its own.</summary>
public abstract class GroupVisibilityTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Anonymous_visitor_lists_public_groups_only()
    {
        var hidden = await App.CreateGroupAsync("members");
        var open = await App.CreateGroupAsync("public");
        using var anonymous = App.CreateAnonymousClient();

        var groups = await (await anonymous.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();

        Assert.Contains(groups, g => g.Slug == open.Slug);
        Assert.Contains(groups, g => g.Slug == DemoGroups.LeftBehindChildren);
        Assert.DoesNotContain(groups, g => g.Slug == hidden.Slug || g.Slug == DemoGroups.ChildProtectionAlliance);
        Assert.All(groups, g => Assert.Equal("public", g.Visibility));
    }

    [SkippableFact]
    public async Task Anonymous_visitor_reads_a_public_group_and_its_members_without_emails()
    {
        using var anonymous = App.CreateAnonymousClient();

        var group = await (await anonymous.GetAsync($"/api/v1/groups/{DemoGroups.LeftBehindChildren}")).ReadJsonAsync<GroupJson>();
        var members = await (await anonymous.GetAsync($"/api/v1/groups/{group.Id}/members")).ReadJsonAsync<List<MemberJson>>();

        Assert.Null(group.MyRole);
        Assert.Equal(5, members.Count);
        Assert.All(members, m => Assert.Null(m.Email));
    }

    [SkippableFact]
    public async Task Anonymous_visitor_gets_404_for_members_only_group()
    {
        var hidden = await App.CreateGroupAsync("members");
        using var anonymous = App.CreateAnonymousClient();

        await AssertHiddenAsync(anonymous, hidden);
    }

    [SkippableFact]
    public async Task Outsider_gets_404_for_members_only_group_without_learning_its_name()
    {
        var hidden = await App.CreateGroupAsync("members");
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        await AssertHiddenAsync(outsider, hidden);
        var list = await (await outsider.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();
        Assert.DoesNotContain(list, g => g.Id == hidden.Id);
    }

    [SkippableFact]
    public async Task Outsider_gets_404_for_the_demo_members_only_group_by_slug_and_by_id()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var id = (await (await admin.GetAsync($"/api/v1/groups/{DemoGroups.ChildProtectionAlliance}")).ReadJsonAsync<GroupJson>()).Id;
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        foreach (var url in new[] { $"/api/v1/groups/{DemoGroups.ChildProtectionAlliance}", $"/api/v1/groups/{id}", $"/api/v1/groups/{id}/members" })
        {
            using var response = await outsider.GetAsync(url);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("Child Protection Alliance", problem.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("儿童保护联盟", problem.Body, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Observer_reads_a_members_only_group_and_its_members_but_not_their_emails()
    {
        var observer = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (observer.Email, "observer"));
        using var client = await App.ClientForAsync(observer);

        var read = await (await client.GetAsync($"/api/v1/groups/{group.Slug}")).ReadJsonAsync<GroupJson>();
        var members = await (await client.GetAsync($"/api/v1/groups/{group.Slug}/members")).ReadJsonAsync<List<MemberJson>>();

        Assert.Equal("observer", read.MyRole);
        Assert.Equal(2, read.MemberCount);
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Null(m.Email));
    }

    [SkippableFact]
    public async Task Member_reads_a_members_only_group_and_finds_it_in_their_list()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Cso, "member"));
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        var read = await (await member.GetAsync($"/api/v1/groups/{group.Id}")).ReadJsonAsync<GroupJson>();
        var list = await (await member.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();

        Assert.Equal("member", read.MyRole);
        Assert.Equal("member", list.Single(g => g.Id == group.Id).MyRole);
    }

    [SkippableFact]
    public async Task Facilitator_sees_the_emails_of_members()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Researcher, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var members = await (await facilitator.GetAsync($"/api/v1/groups/{group.Slug}/members")).ReadJsonAsync<List<MemberJson>>();

        Assert.Contains(members, m => m.Email == DemoUsers.Email(DemoUsers.Researcher) && m.Role == "member" && m.Organisation.StakeholderType == "university");
    }

    [SkippableFact]
    public async Task Administrator_reads_every_group_without_being_a_member()
    {
        var hidden = await App.CreateGroupAsync("members", (DemoUsers.Cso, "member"));
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        var list = await (await admin.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();
        var members = await (await admin.GetAsync($"/api/v1/groups/{hidden.Slug}/members")).ReadJsonAsync<List<MemberJson>>();

        Assert.Null(list.Single(g => g.Id == hidden.Id).MyRole);
        Assert.Contains(list, g => g.Slug == DemoGroups.ChildProtectionAlliance);
        Assert.Equal(DemoUsers.Email(DemoUsers.Cso), Assert.Single(members).Email);
    }

    [SkippableFact]
    public async Task Removed_member_loses_access_at_once()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "member"));
        using var member = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await (await member.GetAsync($"/api/v1/groups/{group.Id}")).AssertStatusAsync(HttpStatusCode.OK);
        var userId = await App.UserIdAsync(DemoUsers.Official);

        await (await facilitator.DeleteAsync($"/api/v1/groups/{group.Id}/members/{userId}")).AssertStatusAsync(HttpStatusCode.NoContent);

        // The same bearer token as before: access is checked against the database on every request.
        await (await member.GetAsync($"/api/v1/groups/{group.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await member.GetAsync($"/api/v1/groups/{group.Id}/members")).ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await member.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();
        Assert.DoesNotContain(list, g => g.Id == group.Id);
    }

    [SkippableFact]
    public async Task Observer_promoted_to_member_has_the_new_role_at_once()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (person.Email, "observer"));
        using var client = await App.ClientForAsync(person);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var promoted = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{person.Id}", new { role = "member" });
        await promoted.AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.Equal("member", (await (await client.GetAsync($"/api/v1/groups/{group.Id}")).ReadJsonAsync<GroupJson>()).MyRole);
    }

    [SkippableFact]
    public async Task Administrator_makes_a_group_public_and_outsiders_can_read_it_at_once()
    {
        var group = await App.CreateGroupAsync("members");
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        await (await outsider.GetAsync($"/api/v1/groups/{group.Id}")).AssertStatusAsync(HttpStatusCode.NotFound);

        using var changed = await admin.PatchAsJsonAsync($"/api/v1/groups/{group.Id}", new { visibility = "public" });
        await changed.AssertStatusAsync(HttpStatusCode.NoContent);

        var read = await (await outsider.GetAsync($"/api/v1/groups/{group.Id}")).ReadJsonAsync<GroupJson>();
        Assert.Equal("public", read.Visibility);
    }

    [SkippableFact]
    public async Task Facilitator_renames_the_group_but_may_not_change_its_visibility()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var renamed = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Slug}", new { name = "Renamed by its facilitator", description = "New words." });
        using var opened = await facilitator.PatchAsJsonAsync($"/api/v1/groups/{group.Slug}", new { visibility = "public" });

        await renamed.AssertStatusAsync(HttpStatusCode.NoContent);
        await opened.ReadProblemAsync(HttpStatusCode.Forbidden);
        var read = await (await facilitator.GetAsync($"/api/v1/groups/{group.Slug}")).ReadJsonAsync<GroupJson>();
        Assert.Equal(("Renamed by its facilitator", "New words.", "members"), (read.Name, read.Description, read.Visibility));
    }

    [SkippableFact]
    public async Task Member_may_not_edit_the_group()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Business, "member"));
        using var member = await App.ClientForAsync(DemoUsers.Business);

        using var response = await member.PatchAsJsonAsync($"/api/v1/groups/{group.Id}", new { name = "Taken over" });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(group.Name, (await (await member.GetAsync($"/api/v1/groups/{group.Id}")).ReadJsonAsync<GroupJson>()).Name);
    }

    /// <summary>Every way of asking for the group answers 404, and no answer carries its name or description.</summary>
    private static async Task AssertHiddenAsync(HttpClient client, GroupJson hidden)
    {
        foreach (var url in new[] { $"/api/v1/groups/{hidden.Id}", $"/api/v1/groups/{hidden.Slug}", $"/api/v1/groups/{hidden.Id}/members" })
        {
            using var response = await client.GetAsync(url);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(hidden.Name, problem.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(hidden.Description, problem.Body, StringComparison.OrdinalIgnoreCase);
        }
        var list = await (await client.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();
        Assert.DoesNotContain(list, g => g.Id == hidden.Id);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class GroupVisibilityTestsOnSqlite(SqliteAppFixture fixture) : GroupVisibilityTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class GroupVisibilityTestsOnPostgres(PostgresAppFixture fixture) : GroupVisibilityTests(fixture);
