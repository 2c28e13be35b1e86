using System.Net;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Organisations' positions: a member states one for their organisation; the organisation's latest counts.</summary>
public abstract class PositionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly (string User, string Role)[] AllMembers =
    [
        (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "member"), (DemoUsers.Business, "member"),
    ];

    [SkippableFact]
    public async Task Member_states_their_organisations_position_on_the_newest_version()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody + "\n\nA new paragraph.");

        using var response = await cso.SendPositionAsync(scene.Id, "support-with-changes", "The refresher must be funded.");

        var position = await response.ReadJsonAsync<PositionJson>();
        Assert.Equal(("support-with-changes", "The refresher must be funded.", 2), (position.Stance, position.Statement, position.Version));
        Assert.Equal(("Sunflower Children's Service Centre", "cso"), (position.Organisation.Name, position.Organisation.StakeholderType));
        Assert.Equal(await App.UserIdAsync(DemoUsers.Cso), position.StatedBy.Id);
        Assert.Equal([position.Organisation.Id], (await cso.PositionsAsync(scene.Id)).Select(p => p.Organisation.Id));
    }

    [SkippableFact]
    public async Task Only_the_latest_position_of_an_organisation_counts_whoever_of_it_stated_it()
    {
        var colleague = await App.CreateUserAsync(organisation: "Sunflower Children's Service Centre");
        var scene = await App.NewSceneAsync(cast: [.. AllMembers, (colleague.Email, "member")]);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var other = await App.ClientForAsync(colleague);
        using var official = await App.ClientForAsync(DemoUsers.Official);

        await cso.StatePositionAsync(scene.Id, "support", "First view.");
        await official.StatePositionAsync(scene.Id, "oppose", "The bureau's view.");
        await cso.StatePositionAsync(scene.Id, "abstain", "Second view.");
        await other.StatePositionAsync(scene.Id, "oppose", "Our final view.");

        var positions = await cso.PositionsAsync(scene.Id);
        Assert.Equal(2, positions.Count);
        var sunflower = Assert.Single(positions, p => p.Organisation.StakeholderType == "cso");
        Assert.Equal(("oppose", "Our final view.", colleague.Id), (sunflower.Stance, sunflower.Statement, sunflower.StatedBy.Id));
        Assert.Equal(colleague.OrganisationId, sunflower.Organisation.Id);
    }

    [SkippableFact]
    public async Task Summary_counts_the_latest_positions_by_stakeholder_type_and_stance()
    {
        var scene = await App.NewSceneAsync(cast: AllMembers);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);
        using var business = await App.ClientForAsync(DemoUsers.Business);

        await cso.StatePositionAsync(scene.Id, "oppose");
        await cso.StatePositionAsync(scene.Id, "support");
        await official.StatePositionAsync(scene.Id, "support-with-changes");
        await researcher.StatePositionAsync(scene.Id, "support");
        await business.StatePositionAsync(scene.Id, "abstain");

        using var response = await researcher.GetAsync($"/api/v1/drafts/{scene.Id}/positions/summary");
        var summary = await response.ReadJsonAsync<PositionSummaryJson>();
        Assert.Equal(4, summary.Organisations);
        Assert.Equal(new Dictionary<string, int> { ["support"] = 2, ["support-with-changes"] = 1, ["oppose"] = 0, ["abstain"] = 1 }, summary.Totals);
        Assert.Equal(1, summary.ByStakeholderType["cso"]["support"]);
        Assert.Equal(0, summary.ByStakeholderType["cso"]["oppose"]);
        Assert.Equal(1, summary.ByStakeholderType["government"]["support-with-changes"]);
        Assert.Equal(1, summary.ByStakeholderType["university"]["support"]);
        Assert.Equal(1, summary.ByStakeholderType["business"]["abstain"]);
        Assert.Equal(4, summary.ByStakeholderType.Values.Sum(stances => stances.Values.Sum()));
        Assert.Equal(["business", "cso", "government", "university"], summary.ByStakeholderType.Keys.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Summary_of_a_draft_without_positions_is_all_zero()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var summary = await (await cso.GetAsync($"/api/v1/drafts/{scene.Id}/positions/summary")).ReadJsonAsync<PositionSummaryJson>();

        Assert.Equal(0, summary.Organisations);
        Assert.All(summary.Totals.Values, n => Assert.Equal(0, n));
        Assert.Empty(await cso.PositionsAsync(scene.Id));
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("support with changes")]
    public async Task Unknown_stance_is_400_naming_stance(string? stance)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendPositionAsync(scene.Id, stance);

        Assert.Contains("stance", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty(await cso.PositionsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Stance_is_read_without_regard_to_case_and_surrounding_spaces()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        Assert.Equal("support-with-changes", (await cso.StatePositionAsync(scene.Id, " Support-With-Changes ")).Stance);
    }

    [SkippableFact]
    public async Task Observer_may_not_state_a_position()
    {
        var scene = await App.NewSceneAsync();
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);

        using var response = await researcher.SendPositionAsync(scene.Id, "support");

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await researcher.PositionsAsync(scene.Id));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PositionTestsOnSqlite(SqliteAppFixture fixture) : PositionTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PositionTestsOnPostgres(PostgresAppFixture fixture) : PositionTests(fixture);
