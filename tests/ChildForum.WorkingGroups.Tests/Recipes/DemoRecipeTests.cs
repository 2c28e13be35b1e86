using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Recipes;

/// <summary>What the demo recipe promises in shared/API.md. Nothing here changes data.</summary>
public abstract class DemoRecipeTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableTheory]
    [InlineData(DemoUsers.Cso, "cso")]
    [InlineData(DemoUsers.Official, "government")]
    [InlineData(DemoUsers.Researcher, "university")]
    [InlineData(DemoUsers.Business, "business")]
    public async Task Demo_member_signs_in_and_belongs_to_the_stakeholder_type_their_name_says(string user, string stakeholderType)
    {
        using var client = await App.ClientForAsync(user);

        var me = await (await client.GetAsync("/api/v1/auth/me")).ReadJsonAsync<MeJson>();

        Assert.Equal(DemoUsers.Email(user), me.Email);
        Assert.Equal(stakeholderType, me.StakeholderType);
        Assert.False(me.IsAdministrator);
    }

    [SkippableFact]
    public async Task Demo_admin_is_a_site_administrator_and_the_facilitator_is_not()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        Assert.True((await (await admin.GetAsync("/api/v1/auth/me")).ReadJsonAsync<MeJson>()).IsAdministrator);
        Assert.False((await (await facilitator.GetAsync("/api/v1/auth/me")).ReadJsonAsync<MeJson>()).IsAdministrator);
    }

    [SkippableFact]
    public async Task Demo_groups_have_the_documented_visibility_members_and_stakeholder_mix()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        var groups = await (await admin.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();

        var open = Assert.Single(groups, g => g.Slug == DemoGroups.LeftBehindChildren);
        var closed = Assert.Single(groups, g => g.Slug == DemoGroups.ChildProtectionAlliance);
        Assert.Equal("public", open.Visibility);
        Assert.Equal("members", closed.Visibility);
        foreach (var group in new[] { open, closed })
        {
            Assert.Equal(5, group.MemberCount);
            // The facilitator's organisation, the secretariat, is a CSO too.
            Assert.Equal(new Dictionary<string, int> { ["cso"] = 2, ["university"] = 1, ["business"] = 1, ["government"] = 1 }, group.Stakeholders);
            Assert.Null(group.MyRole);
        }
    }

    [SkippableTheory]
    [InlineData(DemoGroups.LeftBehindChildren)]
    [InlineData(DemoGroups.ChildProtectionAlliance)]
    public async Task Demo_group_has_the_facilitator_and_one_member_per_stakeholder_type(string slug)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var members = await (await facilitator.GetAsync($"/api/v1/groups/{slug}/members")).ReadJsonAsync<List<MemberJson>>();

        var roles = members.ToDictionary(m => m.Email!, m => m.Role);
        Assert.Equal(new Dictionary<string, string>
        {
            [DemoUsers.Email(DemoUsers.Facilitator)] = "facilitator",
            [DemoUsers.Email(DemoUsers.Cso)] = "member",
            [DemoUsers.Email(DemoUsers.Official)] = "member",
            [DemoUsers.Email(DemoUsers.Researcher)] = "member",
            [DemoUsers.Email(DemoUsers.Business)] = "member",
        }, roles);
    }

    [SkippableFact]
    public async Task Demo_facilitator_facilitates_both_demo_groups()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var groups = await (await facilitator.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();

        Assert.Equal("facilitator", groups.Single(g => g.Slug == DemoGroups.LeftBehindChildren).MyRole);
        Assert.Equal("facilitator", groups.Single(g => g.Slug == DemoGroups.ChildProtectionAlliance).MyRole);
    }

    [SkippableFact]
    public async Task Demo_outsider_is_signed_in_but_in_no_group()
    {
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        var groups = await (await outsider.GetAsync("/api/v1/groups")).ReadJsonAsync<List<GroupJson>>();

        Assert.All(groups, g => Assert.Null(g.MyRole));
        Assert.Contains(groups, g => g.Slug == DemoGroups.LeftBehindChildren);
        Assert.DoesNotContain(groups, g => g.Slug == DemoGroups.ChildProtectionAlliance);
    }

    [SkippableFact]
    public async Task Anyone_lists_the_demo_organisations_with_their_stakeholder_types()
    {
        using var anonymous = App.CreateAnonymousClient();

        var organisations = await anonymous.GetFromJsonAsync<List<OrganisationJson>>("/api/v1/organisations");

        Assert.NotNull(organisations);
        Assert.Equal("government", organisations.Single(o => o.Name == "Riverside District Civil Affairs Bureau").StakeholderType);
        Assert.Equal("university", organisations.Single(o => o.Name == "East Lake Normal University, Child Welfare Research Centre").StakeholderType);
        Assert.Equal("business", organisations.Single(o => o.Name == "Greenfield Foods Co.").StakeholderType);
        Assert.Equal("cso", organisations.Single(o => o.Name == "Sunflower Children's Service Centre").StakeholderType);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DemoRecipeTestsOnSqlite(SqliteAppFixture fixture) : DemoRecipeTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DemoRecipeTestsOnPostgres(PostgresAppFixture fixture) : DemoRecipeTests(fixture);
