using System.Net;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>A draft's status: drafting → consultation → final → adopted, one step back before adoption, or withdrawn;
/// facilitators only. Adopted and withdrawn drafts take no more versions, comments, amendments or positions.</summary>
public abstract class StatusTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Facilitator_opens_a_draft_for_consultation()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendStatusAsync(scene.Id, "consultation");

        Assert.Equal("consultation", (await response.ReadJsonAsync<DraftSummaryJson>()).Status);
        Assert.Equal("consultation", (await facilitator.DraftAsync(scene.Id)).Status);
    }

    [SkippableFact]
    public async Task Draft_moves_forward_step_by_step_to_adopted_and_one_step_back_before()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        foreach (var status in new[] { "consultation", "drafting", "consultation", "final", "consultation", "final", "adopted" })
        {
            Assert.Equal(status, (await facilitator.SetStatusAsync(scene.Id, status)).Status);
        }
        Assert.Equal("adopted", (await facilitator.DraftAsync(scene.Id)).Status);
    }

    [SkippableTheory]
    [InlineData("drafting", "adopted")]
    [InlineData("drafting", "final")]
    [InlineData("consultation", "adopted")]
    [InlineData("adopted", "final")]
    [InlineData("adopted", "withdrawn")]
    [InlineData("withdrawn", "drafting")]
    [InlineData("withdrawn", "consultation")]
    public async Task Moving_a_draft_other_than_one_step_is_409_and_leaves_the_status(string from, string to)
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var path = from switch
        {
            "consultation" => new[] { "consultation" },
            "adopted" => ["consultation", "final", "adopted"],
            "withdrawn" => ["withdrawn"],
            _ => [],
        };
        foreach (var step in path)
        {
            await facilitator.SetStatusAsync(scene.Id, step);
        }

        using var response = await facilitator.SendStatusAsync(scene.Id, to);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(from, (await facilitator.DraftAsync(scene.Id)).Status);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("published")]
    [InlineData("in consultation")]
    public async Task Unknown_status_is_400_naming_status(string? status)
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendStatusAsync(scene.Id, status);

        Assert.Contains("status", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal("drafting", (await facilitator.DraftAsync(scene.Id)).Status);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    public async Task Member_or_observer_may_not_change_the_status(string user)
    {
        var scene = await App.NewSceneAsync();
        using var client = await App.ClientForAsync(user);

        using var response = await client.SendStatusAsync(scene.Id, "consultation");

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("drafting", (await client.DraftAsync(scene.Id)).Status);
    }

    [SkippableTheory]
    [InlineData("withdrawn")]
    [InlineData("adopted")]
    public async Task Closed_draft_refuses_versions_comments_amendments_positions_and_decisions_with_409(string closedAs)
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = await cso.AnchorAsync(scene.Id, 4);
        var comment = await cso.CommentAsync(scene.Id, 1, anchor, "Before it closed.");
        var open = await cso.ProposeAsync(scene.Id, 1, anchor, "Directors get protected time.");
        var other = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 2), "The training covers neglect.");
        foreach (var step in closedAs == "adopted" ? new[] { "consultation", "final", "adopted" } : ["withdrawn"])
        {
            await facilitator.SetStatusAsync(scene.Id, step);
        }

        using var version = await facilitator.SendVersionAsync(scene.Id, DraftScene.DefaultBody + "\n\nAfter closing.");
        using var newComment = await cso.SendCommentAsync(scene.Id, 1, anchor, "After it closed.");
        using var reply = await cso.SendCommentAsync(scene.Id, 1, null, "A reply after it closed.", comment.Id);
        using var amendment = await cso.SendAmendmentAsync(scene.Id, 1, anchor, "Directors get 12 hours.");
        using var position = await cso.SendPositionAsync(scene.Id, "support");
        using var accept = await facilitator.SendAcceptAsync(open.Id);
        using var reject = await facilitator.SendRejectAsync(other.Id, "Closed.");

        foreach (var response in new[] { version, newComment, reply, amendment, position, accept, reject })
        {
            await response.ReadProblemAsync(HttpStatusCode.Conflict);
        }
        var draft = await cso.DraftAsync(scene.Id);
        Assert.Equal((closedAs, 1), (draft.Status, draft.Version));
        Assert.Single(await cso.CommentsAsync(scene.Id));
        Assert.Equal(["open", "open"], (await cso.AmendmentsAsync(scene.Id)).Select(a => a.Status));
        Assert.Empty(await cso.PositionsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Closed_draft_can_still_be_read_with_its_versions_diff_and_comments()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody + "\n\nAdded.");
        await facilitator.SetStatusAsync(scene.Id, "withdrawn");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        Assert.Equal(2, (await cso.DraftAsync(scene.Id)).Version);
        Assert.Equal(2, (await cso.VersionsAsync(scene.Id)).Count);
        Assert.Single((await cso.DiffAsync(scene.Id, 1, 2)).Changes, c => c.Op == "insert");
        Assert.Empty(await cso.CommentsAsync(scene.Id));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class StatusTestsOnSqlite(SqliteAppFixture fixture) : StatusTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class StatusTestsOnPostgres(PostgresAppFixture fixture) : StatusTests(fixture);
