using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Recipes;

/// <summary>The drafts the demo recipe promises (shared/API.md "The demo recipe", and its "drafts" step). Nothing here
/// changes data.</summary>
public abstract class DemoDraftsTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string EnglishTitle = "Recommendation on support for village child directors";

    private async Task<DraftSummaryJson> DraftOfAsync(HttpClient client, string slug, string? title = null)
    {
        var drafts = await (await client.GetAsync($"/api/v1/groups/{slug}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>();
        return title is null ? Assert.Single(drafts) : Assert.Single(drafts, d => d.Title == title);
    }

    [SkippableTheory]
    [InlineData(DemoGroups.LeftBehindChildren)]
    [InlineData(DemoGroups.ChildProtectionAlliance)]
    public async Task Each_demo_group_has_a_draft_with_at_least_two_versions_and_readable_diffs(string slug)
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var draft = await DraftOfAsync(cso, slug);

        Assert.True(draft.Version >= 2, $"The draft of {slug} has {draft.Version} version(s).");
        var versions = await cso.VersionsAsync(draft.Id);
        Assert.Equal(Enumerable.Range(1, draft.Version), versions.Select(v => v.Version).Order());
        var diff = await cso.DiffAsync(draft.Id, 1, draft.Version);
        Assert.Contains(diff.Changes, c => c.Op != "equal");
        Assert.Contains(diff.Changes, c => c.Op == "equal");
        Html.AssertInert("demo diff", "(demo content)", diff.Html);
    }

    [SkippableFact]
    public async Task English_draft_has_3_versions_the_third_made_by_accepting_an_amendment()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var draft = await DraftOfAsync(cso, DemoGroups.LeftBehindChildren, EnglishTitle);

        Assert.Equal((3, "en", "consultation"), (draft.Version, draft.Language, draft.Status));
        var versions = (await cso.VersionsAsync(draft.Id)).OrderBy(v => v.Version).ToList();
        Assert.Equal([null, null], versions.Take(2).Select(v => v.AmendmentId));
        Assert.NotNull(versions[2].AmendmentId);
        Assert.Contains($"#{versions[2].AmendmentId}", versions[2].Note, StringComparison.Ordinal);
        var current = await cso.DraftAsync(draft.Id);
        Assert.Contains("at least 12 hours a month", current.Body, StringComparison.Ordinal);
        using var html = Html.Parse(current.Html);
        Assert.Equal(current.Blocks.Select(b => b.Anchor), Html.TopLevelElements(html).Select(e => e.Id));
    }

    [SkippableFact]
    public async Task English_draft_has_comments_some_outdated_some_current_and_a_reply()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var draft = await DraftOfAsync(cso, DemoGroups.LeftBehindChildren, EnglishTitle);

        var comments = await cso.CommentsAsync(draft.Id);

        Assert.True(comments.Count >= 4, $"{comments.Count} comments");
        Assert.Contains(comments, c => c.Outdated);
        Assert.Contains(comments, c => !c.Outdated);
        var reply = Assert.Single(comments, c => c.ReplyToId is not null);
        Assert.Equal(Assert.Single(comments, c => c.Id == reply.ReplyToId).Anchor, reply.Anchor);
        Assert.All((await cso.CommentsAsync(draft.Id, version: 1)), c => Assert.False(c.Outdated));
        Assert.Equal(["business", "cso", "government", "university"], comments.Select(c => c.Author.StakeholderType).Distinct().Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task English_draft_has_one_accepted_and_one_rejected_amendment_on_the_same_paragraph()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var draft = await DraftOfAsync(cso, DemoGroups.LeftBehindChildren, EnglishTitle);

        var amendments = await cso.AmendmentsAsync(draft.Id);

        var accepted = Assert.Single(amendments, a => a.Status == "accepted");
        var rejected = Assert.Single(amendments, a => a.Status == "rejected");
        Assert.Equal(2, amendments.Count);
        Assert.Equal(accepted.Anchor, rejected.Anchor);
        Assert.Equal((int?)3, accepted.ResultVersion);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        Assert.Equal(("cso", "business"), (accepted.Proposer.StakeholderType, rejected.Proposer.StakeholderType));
        Assert.Equal(await App.UserIdAsync(DemoUsers.Facilitator), accepted.DecidedBy?.Id);
    }

    [SkippableFact]
    public async Task English_draft_has_positions_from_all_four_stakeholder_types()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var draft = await DraftOfAsync(cso, DemoGroups.LeftBehindChildren, EnglishTitle);

        var positions = await cso.PositionsAsync(draft.Id);
        var summary = await (await cso.GetAsync($"/api/v1/drafts/{draft.Id}/positions/summary")).ReadJsonAsync<PositionSummaryJson>();

        Assert.Equal(["business", "cso", "government", "university"], positions.Select(p => p.Organisation.StakeholderType).Order(StringComparer.Ordinal));
        Assert.Equal(4, summary.Organisations);
        Assert.All(summary.ByStakeholderType, type => Assert.Equal(1, type.Value.Values.Sum()));
        Assert.Equal(new Dictionary<string, int> { ["support"] = 2, ["support-with-changes"] = 1, ["oppose"] = 0, ["abstain"] = 1 }, summary.Totals);
    }

    [SkippableFact]
    public async Task Public_demo_draft_is_readable_anonymously_and_the_members_only_one_is_not()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var open = await DraftOfAsync(facilitator, DemoGroups.LeftBehindChildren, EnglishTitle);
        var closed = await DraftOfAsync(facilitator, DemoGroups.ChildProtectionAlliance);
        using var anonymous = App.CreateAnonymousClient();

        Assert.Equal(open.Title, (await anonymous.DraftAsync(open.Id)).Title);
        var problem = await (await anonymous.GetAsync($"/api/v1/drafts/{closed.Id}")).ReadProblemAsync(System.Net.HttpStatusCode.NotFound);
        Assert.DoesNotContain(closed.Title, problem.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Chinese_draft_of_the_members_only_group_is_in_chinese_with_a_current_and_an_outdated_comment()
    {
        using var official = await App.ClientForAsync(DemoUsers.Official);

        var draft = await DraftOfAsync(official, DemoGroups.ChildProtectionAlliance);

        Assert.Equal("zh-Hans", draft.Language);
        var comments = await official.CommentsAsync(draft.Id);
        Assert.Contains(comments, c => c.Outdated);
        Assert.Contains(comments, c => !c.Outdated);
        var diff = await official.DiffAsync(draft.Id, 1, 2);
        Assert.Contains(diff.Changes, c => c.Op == "modify" && c.Words!.Any(w => w.Op == "insert" && w.Text.Contains("五十", StringComparison.Ordinal)));
        Assert.True((await official.PositionsAsync(draft.Id)).Count >= 2);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DemoDraftsTestsOnSqlite(SqliteAppFixture fixture) : DemoDraftsTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DemoDraftsTestsOnPostgres(PostgresAppFixture fixture) : DemoDraftsTests(fixture);
