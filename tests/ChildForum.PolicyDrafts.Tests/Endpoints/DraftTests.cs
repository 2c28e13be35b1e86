using System.Net;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Drafts and their versions: creating, reading, publishing versions (immutable), listing, diffing, downloading.</summary>
public abstract class DraftTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>Version 2 of the default draft: block 1 edited, block 2 kept, block 3 removed, a paragraph added at the end.</summary>
    private const string SecondBody =
        "# Support for village child directors\n\n" +
        "Each new child director attends a two-day training within three months of appointment, and a refresher every year.\n\n" +
        "The training covers spotting neglect, talking with children, and when to refer a case.\n\n" +
        "Directors are expected to carry out the role next to their other work.\n\n" +
        "The county publishes the names of the directors each year.";

    [SkippableFact]
    public async Task Facilitator_creates_a_draft_and_gets_201_with_version_1_and_its_location()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var title = Unique.Name("Recommendation");

        using var response = await facilitator.SendCreateDraftAsync(group.Id, DraftScene.DefaultBody, title);

        var draft = await response.ReadJsonAsync<DraftSummaryJson>(HttpStatusCode.Created);
        Assert.Equal((title, "drafting", 1, group.Id, "en"), (draft.Title, draft.Status, draft.Version, draft.GroupId, draft.Language));
        Assert.Equal($"/api/v1/drafts/{draft.Id}", response.Headers.Location?.OriginalString);
        var listed = await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>();
        Assert.Equal([draft.Id], listed.Select(d => d.Id));
    }

    [SkippableFact]
    public async Task Language_defaults_to_chinese_for_chinese_text_and_can_be_given()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var chinese = await facilitator.CreateDraftAsync(group.Id, "一、每所寄宿制学校配备生活老师。");
        var danish = await facilitator.CreateDraftAsync(group.Id, "Hver skole har en voksen om aftenen.", language: "da");

        Assert.Equal(("zh-Hans", "da"), (chinese.Language, danish.Language));
    }

    [SkippableFact]
    public async Task Draft_has_its_body_html_and_blocks_and_every_top_level_element_of_the_html_carries_its_block_anchor()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var draft = await cso.DraftAsync(scene.Id);

        Assert.Equal((scene.Id, scene.Group.Id, scene.Draft.Title, "drafting", 1), (draft.Id, draft.GroupId, draft.Title, draft.Status, draft.Version));
        Assert.Equal(DraftScene.DefaultBody, draft.Body);
        Assert.Equal(DraftScene.DefaultBody.Split("\n\n"), draft.Blocks.Select(b => b.Text));
        Assert.All(draft.Blocks, b => Assert.Matches("^p-[0-9a-f]{10}(-[0-9]+)?$", b.Anchor));
        using var html = Html.Parse(draft.Html);
        var elements = Html.TopLevelElements(html);
        Assert.Equal(["h1", "p", "p", "p", "p"], elements.Select(e => e.LocalName));
        Assert.Equal(draft.Blocks.Select(b => b.Anchor), elements.Select(e => e.Id));
    }

    [SkippableFact]
    public async Task Code_blocks_and_footnotes_carry_their_anchor_on_the_top_level_element_of_the_html()
    {
        var scene = await App.NewSceneAsync("Intro[^1].\n\n```\ncode\n```\n\n    indented code\n\nEnd.\n\n[^1]: A source.");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var draft = await cso.DraftAsync(scene.Id);

        using var html = Html.Parse(draft.Html);
        var elements = Html.TopLevelElements(html);
        Assert.Equal(
            draft.Blocks.Select(b => b.Anchor),
            elements.Select(e => e.Id));
    }

    [SkippableFact]
    public async Task Draft_that_starts_with_an_indented_code_block_keeps_its_indentation()
    {
        const string body = "    step 1: call the township\n    step 2: write it down\n\nThe steps above are the referral.";
        var scene = await App.NewSceneAsync(body);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var draft = await cso.DraftAsync(scene.Id);

        Assert.Equal(body, draft.Body);
        using var html = Html.Parse(draft.Html);
        Assert.Equal(["pre", "p"], Html.TopLevelElements(html).Select(e => e.LocalName));
    }

    [SkippableFact]
    public async Task New_version_is_201_with_its_number_and_location_and_becomes_the_draft()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendVersionAsync(scene.Id, SecondBody, "After the first round of comments.");

        var created = await response.ReadJsonAsync<VersionCreatedJson>(HttpStatusCode.Created);
        Assert.Equal((2, scene.Id, "After the first round of comments."), (created.Version, created.DraftId, created.Note));
        Assert.Equal($"/api/v1/drafts/{scene.Id}/versions/2", response.Headers.Location?.OriginalString);
        var draft = await facilitator.DraftAsync(scene.Id);
        Assert.Equal((2, SecondBody, "After the first round of comments."), (draft.Version, draft.Body, draft.Note));
    }

    [SkippableFact]
    public async Task Unchanged_paragraphs_keep_their_anchors_in_the_new_version()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var v1 = await facilitator.DraftAsync(scene.Id);

        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        var v2 = await facilitator.DraftAsync(scene.Id);
        Assert.Equal(v1.Blocks[0].Anchor, v2.Blocks[0].Anchor);
        Assert.Equal(v1.Blocks[2].Anchor, v2.Blocks[2].Anchor);
        Assert.Equal(v1.Blocks[4].Anchor, v2.Blocks[3].Anchor);
        Assert.NotEqual(v1.Blocks[1].Anchor, v2.Blocks[1].Anchor);
        Assert.DoesNotContain(v1.Blocks[3].Anchor, v2.Blocks.Select(b => b.Anchor));
    }

    [SkippableFact]
    public async Task Versions_are_immutable_version_1_reads_the_same_after_version_2()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var before = await facilitator.VersionAsync(scene.Id, 1);

        await facilitator.AddVersionAsync(scene.Id, SecondBody);
        await facilitator.AddVersionAsync(scene.Id, SecondBody + "\n\nAnd a third version.");

        var after = await facilitator.VersionAsync(scene.Id, 1);
        Assert.Equal((1, DraftScene.DefaultBody, before.Html, before.Note), (after.Version, after.Body, after.Html, after.Note));
        Assert.Equal(before.Blocks, after.Blocks);
        var asDraft = await facilitator.DraftAsync(scene.Id, version: 1);
        Assert.Equal((1, DraftScene.DefaultBody, before.Html), (asDraft.Version, asDraft.Body, asDraft.Html));
        Assert.Equal(SecondBody, (await facilitator.VersionAsync(scene.Id, 2)).Body);
    }

    [SkippableFact]
    public async Task New_version_based_on_an_older_version_is_409_and_stores_nothing()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        using var stale = await facilitator.SendVersionAsync(scene.Id, DraftScene.DefaultBody + "\n\nEdited on version 1.", baseVersion: 1);
        using var current = await facilitator.SendVersionAsync(scene.Id, SecondBody + "\n\nEdited on version 2.", baseVersion: 2);

        await stale.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(3, (await current.ReadJsonAsync<VersionCreatedJson>(HttpStatusCode.Created)).Version);
        Assert.Equal([3, 2, 1], (await facilitator.VersionsAsync(scene.Id)).Select(v => v.Version).OrderDescending());
    }

    [SkippableTheory]
    [InlineData("same")]
    [InlineData("crlf")]
    [InlineData("surrounding blank lines")]
    public async Task New_version_with_the_same_text_is_400_naming_body(string variant)
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var body = variant switch
        {
            "crlf" => DraftScene.DefaultBody.Replace("\n", "\r\n", StringComparison.Ordinal),
            "surrounding blank lines" => "\n\n" + DraftScene.DefaultBody + "\n\n\n",
            _ => DraftScene.DefaultBody,
        };

        using var response = await facilitator.SendVersionAsync(scene.Id, body);

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await facilitator.VersionsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Versions_list_has_every_version_with_its_note_and_author()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, SecondBody, "Second.");
        await facilitator.AddVersionAsync(scene.Id, SecondBody + "\n\nThird.", "Third.");

        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var versions = await cso.VersionsAsync(scene.Id);

        Assert.Equal([(1, ""), (2, "Second."), (3, "Third.")], versions.OrderBy(v => v.Version).Select(v => (v.Version, v.Note)));
        var facilitatorId = await App.UserIdAsync(DemoUsers.Facilitator);
        Assert.All(versions, v => Assert.Equal(facilitatorId, v.Author.Id));
        Assert.All(versions, v => Assert.Null(v.AmendmentId));
    }

    [SkippableFact]
    public async Task Simultaneous_new_versions_get_distinct_numbers_without_gaps_and_never_a_500()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            using var response = await facilitator.SendVersionAsync(scene.Id, $"{DraftScene.DefaultBody}\n\nParallel edit {i}.");
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await HttpAssertions.DescribeAsync(response));
            return response.StatusCode;
        }));

        var numbers = (await facilitator.VersionsAsync(scene.Id)).Select(v => v.Version).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 1 + statuses.Count(s => s == HttpStatusCode.Created)), numbers);
        Assert.Equal(numbers[^1], (await facilitator.DraftAsync(scene.Id)).Version);
    }

    [SkippableFact]
    public async Task Diff_lists_equal_modify_delete_and_insert_changes_with_anchors()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var v1 = await facilitator.DraftAsync(scene.Id);
        await facilitator.AddVersionAsync(scene.Id, SecondBody);
        var v2 = await facilitator.DraftAsync(scene.Id);

        var diff = await facilitator.DiffAsync(scene.Id, 1, 2);

        Assert.Equal((1, 2), (diff.From, diff.To));
        Assert.Equal(
            [("equal", v2.Blocks[0].Anchor), ("modify", v2.Blocks[1].Anchor), ("equal", v2.Blocks[2].Anchor), ("delete", v1.Blocks[3].Anchor), ("equal", v2.Blocks[3].Anchor), ("insert", v2.Blocks[4].Anchor)],
            diff.Changes.Select(c => (c.Op, c.Anchor)));
        var modify = diff.Changes[1];
        Assert.Equal((v1.Blocks[1].Text, v2.Blocks[1].Text, v1.Blocks[1].Anchor), (modify.Before, modify.After, modify.PreviousAnchor));
        Assert.NotNull(modify.Words);
        Assert.Equal([("insert", ", and a refresher every year")], modify.Words.Where(w => w.Op != "equal").Select(w => (w.Op, w.Text)));
        Assert.Equal((v1.Blocks[3].Text, (string?)null), (diff.Changes[3].Before, diff.Changes[3].After));
        Assert.Equal(((string?)null, v2.Blocks[4].Text), (diff.Changes[5].Before, diff.Changes[5].After));
    }

    [SkippableFact]
    public async Task Diff_of_a_moved_paragraph_is_a_delete_and_an_insert_with_the_same_anchor_and_moved_true()
    {
        var scene = await App.NewSceneAsync("First.\n\nSecond.\n\nThird.\n\nFourth.");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, "Second.\n\nThird.\n\nFourth.\n\nFirst.");

        var diff = await facilitator.DiffAsync(scene.Id, 1, 2);

        var delete = Assert.Single(diff.Changes, c => c.Op == "delete");
        var insert = Assert.Single(diff.Changes, c => c.Op == "insert");
        Assert.Equal((delete.Anchor, true, true), (insert.Anchor, delete.Moved, insert.Moved));
        Assert.Equal(3, diff.Changes.Count(c => c.Op == "equal"));
    }

    [SkippableFact]
    public async Task Diff_html_marks_changes_with_ins_and_del_and_hidden_labels_and_shows_unchanged_blocks()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, SecondBody);
        var v2 = await facilitator.DraftAsync(scene.Id);

        var diff = await facilitator.DiffAsync(scene.Id, 1, 2);

        using var html = Html.Parse(diff.Html);
        Assert.Equal(diff.Changes.Select(c => c.Anchor), html.QuerySelectorAll("[data-anchor]").Select(e => e.GetAttribute("data-anchor")));
        Assert.Equal(v2.Blocks[4].Text, html.QuerySelector("ins.diff-block p")?.TextContent);
        Assert.Equal("A child director who is worried about a child contacts the township social work station.", html.QuerySelector("del.diff-block p")?.TextContent);
        Assert.Single(html.QuerySelectorAll(".diff-modify ins"));
        Assert.Empty(html.QuerySelectorAll(".diff-modify del"));
        Assert.All(html.QuerySelectorAll("ins, del"), mark => Assert.NotEmpty(mark.QuerySelectorAll(".visually-hidden")));
        Assert.Equal(3, html.QuerySelectorAll(".diff-equal").Length);
        Html.AssertInert("diff html", "(ordinary text)", diff.Html);
    }

    [SkippableFact]
    public async Task Diff_of_a_version_with_itself_is_all_equal_and_backwards_works_too()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, SecondBody);

        var same = await facilitator.DiffAsync(scene.Id, 2, 2);
        var backwards = await facilitator.DiffAsync(scene.Id, 2, 1);

        Assert.All(same.Changes, c => Assert.Equal("equal", c.Op));
        Assert.Equal(5, same.Changes.Count);
        Assert.Equal(["equal", "modify", "equal", "insert", "equal", "delete"], backwards.Changes.Select(c => c.Op));
    }

    [SkippableFact]
    public async Task Markdown_download_is_the_version_body_as_a_markdown_file()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, SecondBody);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var first = await cso.GetAsync($"/api/v1/drafts/{scene.Id}/versions/1/markdown");
        using var second = await cso.GetAsync($"/api/v1/drafts/{scene.Id}/versions/2/markdown");
        using var missing = await cso.GetAsync($"/api/v1/drafts/{scene.Id}/versions/3/markdown");

        await first.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/markdown", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DraftScene.DefaultBody, await first.Content.ReadAsStringAsync());
        Assert.Equal(SecondBody, await second.Content.ReadAsStringAsync());
        var disposition = first.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.EndsWith("-v1.md", disposition?.FileNameStar ?? disposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        await missing.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Chinese_draft_keeps_unchanged_paragraphs_anchors_and_diffs_character_by_character()
    {
        const string v1 = "# 关于寄宿制学校课后关爱服务的建议\n\n一、每所寄宿制学校配备至少一名生活老师。\n\n二、学校与社会组织合作，每周开展一次课后活动。";
        const string v2 = "# 关于寄宿制学校课后关爱服务的建议\n\n一、每所寄宿制学校按学生人数配备生活老师。\n\n二、学校与社会组织合作，每周开展一次课后活动。";
        var scene = await App.NewSceneAsync(v1);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var first = await facilitator.DraftAsync(scene.Id);
        await facilitator.AddVersionAsync(scene.Id, v2, "按学生人数配备。");

        var diff = await facilitator.DiffAsync(scene.Id, 1, 2);

        Assert.Equal("zh-Hans", first.Language);
        Assert.Equal(["equal", "modify", "equal"], diff.Changes.Select(c => c.Op));
        Assert.Equal(first.Blocks[2].Anchor, diff.Changes[2].Anchor);
        var words = diff.Changes[1].Words!;
        Assert.Equal("至少一名", string.Concat(words.Where(w => w.Op == "delete").Select(w => w.Text)));
        Assert.Equal("按学生人数", string.Concat(words.Where(w => w.Op == "insert").Select(w => w.Text)));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DraftTestsOnSqlite(SqliteAppFixture fixture) : DraftTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DraftTestsOnPostgres(PostgresAppFixture fixture) : DraftTests(fixture);
