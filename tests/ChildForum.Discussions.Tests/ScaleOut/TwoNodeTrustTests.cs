using System.Net;
using System.Net.Http.Json;
using ChildForum.Discussions.Tests.Hubs;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.ScaleOut;

/// <summary>Issue 10 across two web nodes sharing Redis: a lock on one node closes the live connections on the other
/// (finding 4), and the per-person limit on messages and previews counts on both nodes together.</summary>
public sealed class TwoNodeSessionTests(TwoNodesFixture nodes) : IClassFixture<TwoNodesFixture>
{
    [SkippableFact]
    public async Task Person_locked_through_one_node_loses_the_live_connection_on_the_other_and_posts_nothing()
    {
        var person = await nodes.A.CreateUserAsync();
        var scene = await nodes.A.NewSceneAsync();
        await nodes.A.AddMembershipAsync(scene.Group.Id, person.Email, "member");
        await using var onB = await LiveClient.ConnectAsync(nodes.B, person.Email, person.Password);
        await onB.JoinAsync(scene.Thread.Id);
        await onB.SendAsync(scene.Thread.Id, "Before the lock " + Unique.Suffix());

        await SessionEndTests.LockAsync(nodes.A, person.Id);

        await onB.WaitUntilClosedAsync("locked through node A");
        var body = "After the lock, on node B " + Unique.Suffix();
        await Assert.ThrowsAnyAsync<Exception>(() => onB.SendAsync(scene.Thread.Id, body));
        Assert.Equal(0, await SessionEndTests.StoredAsync(nodes.A, body));
    }
}

public sealed class TwoNodeLimitTests(TwoNodesWithShippedLimitsFixture nodes) : IClassFixture<TwoNodesWithShippedLimitsFixture>
{
    private const int Limit = 20;

    [SkippableFact]
    public async Task The_per_person_limit_counts_messages_and_previews_on_both_nodes_together()
    {
        var person = await nodes.A.CreateUserAsync();
        var group = await nodes.A.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (person.Email, "member"));
        using var facilitator = await nodes.A.ClientForAsync(DemoUsers.Facilitator);
        var thread = await facilitator.StartThreadAsync(group.Id);
        using var onA = await nodes.A.ClientForAsync(person);
        using var onB = await nodes.B.ClientForAsync(person);

        for (var i = 0; i < Limit / 2; i++)
        {
            await onA.PostMessageAsync(thread.Id, $"On A {i}");
            using var preview = await onB.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = $"On B {i}" });
            await preview.AssertStatusAsync(HttpStatusCode.OK);
        }
        using var limitedOnB = await onB.SendMessageAsync(thread.Id, "One too many, on B.");
        using var limitedOnA = await onA.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = "One too many, on A." });

        await limitedOnB.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        await limitedOnA.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = Assert.Single(limitedOnB.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(Limit / 2 + 1, (await onA.MessagesAsync(thread.Id)).Count);
    }
}
