using System.Net;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Xunit.Abstractions;

namespace ChildForum.Discussions.Tests.ScaleOut;

/// <summary>Two web nodes behind one Redis backplane (see <see cref="TwoNodesFixture"/> for the database): what happens
/// on one node reaches the people connected to the other. Bodies carry a unique word, so that nothing another site on
/// the same Redis publishes can be mistaken for what a test waits for.</summary>
public sealed class TwoNodeTests(TwoNodesFixture nodes, ITestOutputHelper output) : IClassFixture<TwoNodesFixture>
{
    private static string Text(string what) => $"{what} {Unique.Suffix()}";

    private void Note() => output.WriteLine($"Two nodes on {nodes.Database} and Redis {ExternalService.Redis.Value}.");

    private static async Task<LiveClient> JoinedAsync(ForumAppFactory node, string user, int threadId)
    {
        var client = await LiveClient.ConnectAsync(node, user);
        await client.JoinAsync(threadId);
        return client;
    }

    [SkippableFact]
    public async Task Sign_in_on_one_node_is_accepted_by_the_other()
    {
        // The nodes share the key ring through the database: a token (or cookie) made by one is read by the other.
        var token = await nodes.A.AccessTokenAsync(DemoUsers.Email(DemoUsers.Cso), DemoUsers.Password);
        using var onB = nodes.B.CreateAnonymousClient();
        onB.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var response = await onB.GetAsync("/api/v1/groups");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var groups = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(groups.RootElement.EnumerateArray(), g => g.GetProperty("slug").GetString() == "child-protection-alliance" && g.GetProperty("myRole").GetString() == "member");
    }

    [SkippableFact]
    public async Task Message_posted_over_http_on_one_node_reaches_live_clients_on_the_other_and_back()
    {
        var scene = await nodes.A.NewSceneAsync();
        Note();
        await using var onA = await JoinedAsync(nodes.A, DemoUsers.Cso, scene.Thread.Id);
        await using var onB = await JoinedAsync(nodes.B, DemoUsers.Official, scene.Thread.Id);
        using var facilitatorOnA = await nodes.A.ClientForAsync(DemoUsers.Facilitator);
        using var facilitatorOnB = await nodes.B.ClientForAsync(DemoUsers.Facilitator);
        var viaA = Text("Posted through node A");
        var viaB = Text("Posted through node B");

        var postedOnA = await facilitatorOnA.PostMessageAsync(scene.Thread.Id, viaA);
        var postedOnB = await facilitatorOnB.PostMessageAsync(scene.Thread.Id, viaB);

        Assert.Equal(postedOnA.Id, (await onB.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == viaA, "sent through node A")).Id);
        Assert.Equal(postedOnB.Id, (await onA.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == viaB, "sent through node B")).Id);
        Assert.Equal([2, 3], [postedOnA.Seq, postedOnB.Seq]);
    }

    [SkippableFact]
    public async Task Message_sent_through_the_hub_of_one_node_reaches_hub_clients_of_the_other_and_back()
    {
        var scene = await nodes.A.NewSceneAsync();
        Note();
        await using var onA = await JoinedAsync(nodes.A, DemoUsers.Cso, scene.Thread.Id);
        await using var onB = await JoinedAsync(nodes.B, DemoUsers.Official, scene.Thread.Id);
        var fromA = Text("Live from node A");
        var fromB = Text("Live from node B");

        var sentOnA = await onA.SendAsync(scene.Thread.Id, fromA);
        var sentOnB = await onB.SendAsync(scene.Thread.Id, fromB);

        Assert.Equal(sentOnA.Id, (await onB.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == fromA)).Id);
        Assert.Equal(sentOnB.Id, (await onA.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == fromB)).Id);
        using var reader = await nodes.B.ClientForAsync(DemoUsers.Researcher);
        Assert.Equal([fromA, fromB], (await reader.MessagesAsync(scene.Thread.Id, after: 1)).Select(m => m.Body));
    }

    [SkippableFact]
    public async Task Typing_on_one_node_is_shown_on_the_other()
    {
        var scene = await nodes.A.NewSceneAsync();
        Note();
        await using var onA = await JoinedAsync(nodes.A, DemoUsers.Cso, scene.Thread.Id);
        await using var onB = await JoinedAsync(nodes.B, DemoUsers.Official, scene.Thread.Id);

        await onA.TypingAsync(scene.Thread.Id);

        var typing = await onB.WaitForAsync<TypingJson>(LiveClient.UserTyping, t => t.ThreadId == scene.Thread.Id);
        Assert.Equal("Zhang Min", typing.User.DisplayName);
    }

    [SkippableFact]
    public async Task Mention_made_on_one_node_updates_the_unread_count_of_a_client_on_the_other()
    {
        var scene = await nodes.A.NewSceneAsync();
        Note();
        await using var csoOnB = await LiveClient.ConnectAsync(nodes.B, DemoUsers.Cso);
        using var officialOnA = await nodes.A.ClientForAsync(DemoUsers.Official);

        await officialOnA.PostMessageAsync(scene.Thread.Id, Text("@Zhang Min, please look"));

        Assert.True((await csoOnB.WaitForAsync<NotificationCountJson>(LiveClient.NotificationCountChanged)).Unread >= 1);
    }

    [SkippableFact]
    public async Task Presence_lists_the_people_who_have_the_thread_open_on_either_node()
    {
        var scene = await nodes.A.NewSceneAsync();
        Note();
        await using var onA = await JoinedAsync(nodes.A, DemoUsers.Cso, scene.Thread.Id);
        await using var onB = await LiveClient.ConnectAsync(nodes.B, DemoUsers.Official);

        var joined = await onB.JoinAsync(scene.Thread.Id);

        Assert.Equal(["Wang Jun", "Zhang Min"], joined.Presence.Select(u => u.DisplayName).Order(StringComparer.Ordinal));
        await onA.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => p.Users.Any(u => u.DisplayName == "Wang Jun"), "the official on node B joined");
    }

    [SkippableFact]
    public async Task Member_removed_through_one_node_stops_receiving_at_once_on_the_other()
    {
        var scene = await nodes.A.NewSceneAsync();
        var otherScene = await nodes.A.NewSceneAsync();
        Note();
        await using var csoOnB = await JoinedAsync(nodes.B, DemoUsers.Cso, scene.Thread.Id);
        await csoOnB.JoinAsync(otherScene.Thread.Id);
        await using var officialOnB = await JoinedAsync(nodes.B, DemoUsers.Official, scene.Thread.Id);
        using var facilitatorOnA = await nodes.A.ClientForAsync(DemoUsers.Facilitator);

        using var removed = await facilitatorOnA.DeleteAsync($"/api/v1/groups/{scene.Group.Id}/members/{await nodes.A.UserIdAsync(DemoUsers.Cso)}");
        await removed.AssertStatusAsync(HttpStatusCode.NoContent);
        var secret = Text("After the removal");
        await facilitatorOnA.PostMessageAsync(scene.Thread.Id, secret);
        var proof = Text("In the group the member is still in");
        await facilitatorOnA.PostMessageAsync(otherScene.Thread.Id, proof);

        await officialOnB.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == secret);
        await csoOnB.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == proof);
        Assert.False(csoOnB.Received<MessageJson>(LiveClient.MessagePosted).Any(m => m.Body == secret),
            $"The member removed through node A still received, on node B, \"{secret}\" of the group they were removed from.");
        Assert.Contains(scene.Thread.Id, csoOnB.Received<int>(LiveClient.ThreadAccessRevoked));
    }
}
