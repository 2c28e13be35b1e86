using System.Net;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Paragraph comments: made on a version's block, carried to later versions while the block is unchanged,
/// outdated once it changes; replies stay on their parent's paragraph.</summary>
public abstract class CommentTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>The default draft with block 1 edited and blocks 2 to 4 unchanged.</summary>
    private static readonly string SecondBody = DraftScene.DefaultBody.Replace("a two-day training", "a three-day training", StringComparison.Ordinal);

    [SkippableFact]
    public async Task Member_comments_on_a_paragraph_and_gets_201_with_the_comment_rendered()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = await cso.AnchorAsync(scene.Id, 1);

        using var response = await cso.SendCommentAsync(scene.Id, 1, anchor, "Could the text add a **yearly refresher**?");

        var comment = await response.ReadJsonAsync<CommentJson>(HttpStatusCode.Created);
        Assert.Equal((1, anchor, false, (int?)null), (comment.Version, comment.Anchor, comment.Outdated, comment.ReplyToId));
        Assert.Equal("Could the text add a **yearly refresher**?", comment.Body);
        using var html = Html.Parse(comment.Html);
        Assert.Equal("yearly refresher", html.QuerySelector("strong")?.TextContent);
        Assert.Equal((await App.UserIdAsync(DemoUsers.Cso), "cso"), (comment.Author.Id, comment.Author.StakeholderType));
        Assert.StartsWith("Each new child director attends", comment.Excerpt, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.Location);
        Assert.Equal([comment.Id], (await cso.CommentsAsync(scene.Id)).Select(c => c.Id));
    }

    [SkippableFact]
    public async Task Comment_on_an_unchanged_paragraph_is_not_outdated_in_the_next_version()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var comment = await cso.CommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 2), "On the unchanged paragraph.");

        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        var listed = Assert.Single(await cso.CommentsAsync(scene.Id), c => c.Id == comment.Id);
        Assert.False(listed.Outdated);
        Assert.Equal(1, listed.Version);
        Assert.Contains(listed.Anchor, (await cso.DraftAsync(scene.Id)).Blocks.Select(b => b.Anchor));
    }

    [SkippableFact]
    public async Task Comment_on_a_changed_paragraph_is_outdated_in_the_next_version_but_not_when_listing_its_own_version()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var comment = await cso.CommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 1), "Two days is too short.");

        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        Assert.True(Assert.Single(await cso.CommentsAsync(scene.Id), c => c.Id == comment.Id).Outdated);
        Assert.True(Assert.Single(await cso.CommentsAsync(scene.Id, version: 2), c => c.Id == comment.Id).Outdated);
        var inVersion1 = Assert.Single(await cso.CommentsAsync(scene.Id, version: 1), c => c.Id == comment.Id);
        Assert.False(inVersion1.Outdated);
        Assert.StartsWith("Each new child director attends a two-day training", inVersion1.Excerpt, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Listing_an_older_version_leaves_out_comments_made_on_later_versions()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var early = await cso.CommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 2), "Early.");
        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        var late = await cso.CommentAsync(scene.Id, 2, await cso.AnchorAsync(scene.Id, 1), "On the new wording.");

        Assert.Equal([early.Id], (await cso.CommentsAsync(scene.Id, version: 1)).Select(c => c.Id));
        Assert.Equal([early.Id, late.Id], (await cso.CommentsAsync(scene.Id, version: 2)).Select(c => c.Id));
        Assert.False(late.Outdated);
    }

    [SkippableFact]
    public async Task Reply_is_about_the_same_paragraph_as_the_comment_it_answers()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var anchor = await cso.AnchorAsync(scene.Id, 3);
        var question = await cso.CommentAsync(scene.Id, 1, anchor, "Which station?");

        var answer = await official.CommentAsync(scene.Id, 1, anchor: null, "The township's.", replyToId: question.Id);

        Assert.Equal((anchor, (int?)question.Id), (answer.Anchor, answer.ReplyToId));
        Assert.Equal([(question.Id, (int?)null), (answer.Id, (int?)question.Id)], (await cso.CommentsAsync(scene.Id)).Select(c => (c.Id, c.ReplyToId)));
    }

    [SkippableFact]
    public async Task Reply_naming_another_paragraph_than_its_parent_is_400_naming_anchor()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var question = await cso.CommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 3), "Which station?");

        using var response = await cso.SendCommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 1), "Elsewhere.", question.Id);

        Assert.Contains("anchor", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Reply_to_a_comment_of_another_draft_or_to_no_comment_is_400_naming_replyToId()
    {
        var scene = await App.NewSceneAsync();
        var other = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var elsewhere = await cso.CommentAsync(other.Id, 1, await cso.AnchorAsync(other.Id, 1), "On the other draft.");

        using var otherDraft = await cso.SendCommentAsync(scene.Id, 1, null, "Reply.", elsewhere.Id);
        using var unknown = await cso.SendCommentAsync(scene.Id, 1, null, "Reply.", 987654321);

        Assert.Contains("replyToId", (await otherDraft.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("replyToId", (await unknown.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty(await cso.CommentsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Reply_to_an_outdated_comment_stays_on_its_paragraph_and_is_outdated_too()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var question = await cso.CommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 1), "Two days?");
        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        var answer = await facilitator.CommentAsync(scene.Id, 2, anchor: null, "Now three.", replyToId: question.Id);

        Assert.Equal((question.Anchor, true), (answer.Anchor, answer.Outdated));
        Assert.StartsWith("Each new child director attends a two-day training", answer.Excerpt, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Comments_on_footnotes_and_duplicate_paragraphs_use_their_own_anchors()
    {
        var scene = await App.NewSceneAsync("Same.\n\nA claim[^1].\n\nSame.\n\n[^1]: The source.");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var draft = await cso.DraftAsync(scene.Id);
        var second = Assert.Single(draft.Blocks, b => b.Anchor.EndsWith("-2", StringComparison.Ordinal));

        var onDuplicate = await cso.CommentAsync(scene.Id, 1, second.Anchor, "On the second copy.");
        var onFootnotes = await cso.CommentAsync(scene.Id, 1, draft.Blocks[^1].Anchor, "On the source.");

        Assert.Equal(second.Anchor, onDuplicate.Anchor);
        Assert.Equal(draft.Blocks[^1].Anchor, onFootnotes.Anchor);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class CommentTestsOnSqlite(SqliteAppFixture fixture) : CommentTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class CommentTestsOnPostgres(PostgresAppFixture fixture) : CommentTests(fixture);
