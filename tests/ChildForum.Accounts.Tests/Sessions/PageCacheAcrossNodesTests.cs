using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests.Sessions;

/// <summary>Two web nodes sharing a database and Redis, each keeping pages for visitors who are not signed in: a change
/// made through one node is on the other node's pages as soon as the change has answered.</summary>
[Collection(TwoNodesFixture.Collection)]
public sealed class PageCacheAcrossNodesTests(TwoNodesFixture nodes)
{
    [SkippableFact]
    public async Task A_page_kept_on_node_B_follows_a_change_made_on_node_A()
    {
        var group = await nodes.A.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var visitorOnB = nodes.B.CreateAnonymousClient();
        await visitorOnB.GetStringAsync($"/groups/{group.Slug}");
        Assert.NotNull((await visitorOnB.GetAsync($"/groups/{group.Slug}")).Headers.Age);
        var title = "Seen on every node " + Unique.Slug();

        using var facilitatorOnA = await nodes.A.ClientForAsync(DemoUsers.Facilitator);
        (await facilitatorOnA.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title, body = "The first message." })).EnsureSuccessStatusCode();

        Assert.Contains(title, await visitorOnB.GetStringAsync($"/groups/{group.Slug}"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_group_made_members_only_on_node_A_is_gone_for_visitors_of_node_B()
    {
        var group = await nodes.A.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var visitorOnB = nodes.B.CreateAnonymousClient();
        await visitorOnB.GetStringAsync($"/groups/{group.Slug}");
        Assert.NotNull((await visitorOnB.GetAsync($"/groups/{group.Slug}")).Headers.Age);

        using var adminOnA = await nodes.A.ClientForAsync(DemoUsers.Admin);
        (await adminOnA.PatchAsJsonAsync($"/api/v1/groups/{group.Id}", new { visibility = "members" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await visitorOnB.GetAsync($"/groups/{group.Slug}")).StatusCode);
    }
}
