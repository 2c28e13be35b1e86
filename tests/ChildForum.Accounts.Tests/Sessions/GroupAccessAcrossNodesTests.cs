using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Accounts.Tests.Sessions;

/// <summary>Two web nodes sharing a database and Redis, each keeping people's access to groups (GroupAccessCache): access
/// taken away on one node is gone on the other as soon as the change has answered, however often it was read before.</summary>
[Collection(TwoNodesFixture.Collection)]
public sealed class GroupAccessAcrossNodesTests(TwoNodesFixture nodes)
{
    [SkippableFact]
    public async Task A_member_removed_on_node_A_is_refused_on_node_B_at_once()
    {
        var group = await nodes.A.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Business, "member"));
        using var memberOnB = await nodes.B.ClientForAsync(DemoUsers.Business);
        for (var i = 0; i < 3; i++)
        {
            (await memberOnB.GetAsync($"/api/v1/groups/{group.Id}")).EnsureSuccessStatusCode();
            (await memberOnB.GetAsync($"/groups/{group.Slug}")).EnsureSuccessStatusCode();
        }

        using var facilitatorOnA = await nodes.A.ClientForAsync(DemoUsers.Facilitator);
        var userId = await nodes.A.UserIdAsync(DemoUsers.Business);
        (await facilitatorOnA.DeleteAsync($"/api/v1/groups/{group.Id}/members/{userId}")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await memberOnB.GetAsync($"/api/v1/groups/{group.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await memberOnB.GetAsync($"/groups/{group.Slug}")).StatusCode);
    }

    [SkippableFact]
    public async Task A_member_made_observer_on_node_A_can_no_longer_post_on_node_B()
    {
        var group = await nodes.A.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Researcher, "member"));
        using var memberOnB = await nodes.B.ClientForAsync(DemoUsers.Researcher);
        var body = new { title = "A question for the group", body = "Who visits the families?" };
        (await memberOnB.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", body)).EnsureSuccessStatusCode();

        using var facilitatorOnA = await nodes.A.ClientForAsync(DemoUsers.Facilitator);
        var userId = await nodes.A.UserIdAsync(DemoUsers.Researcher);
        (await facilitatorOnA.PatchAsJsonAsync($"/api/v1/groups/{group.Id}/members/{userId}", new { role = "observer" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await memberOnB.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", body)).StatusCode);
        (await memberOnB.GetAsync($"/api/v1/groups/{group.Id}")).EnsureSuccessStatusCode();
    }
}
