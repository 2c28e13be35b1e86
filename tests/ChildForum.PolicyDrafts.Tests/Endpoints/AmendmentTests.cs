using System.Net;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Amendments: a member proposes replacement text for one paragraph; a facilitator other than the proposer
/// accepts it (a new version) or rejects it with a reason.</summary>
public abstract class AmendmentTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Replacement = "Directors are given at least 12 hours a month for the role, agreed with their employer.";

    [SkippableFact]
    public async Task Member_proposes_an_amendment_and_gets_201_with_the_original_text_and_the_word_changes()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var draft = await cso.DraftAsync(scene.Id);

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, draft.Blocks[4].Anchor, Replacement, "Protected time.");

        var amendment = await response.ReadJsonAsync<AmendmentJson>(HttpStatusCode.Created);
        Assert.Equal((scene.Id, 1, draft.Blocks[4].Anchor, "open", true), (amendment.DraftId, amendment.Version, amendment.Anchor, amendment.Status, amendment.Current));
        Assert.Equal((draft.Blocks[4].Text, Replacement, "Protected time."), (amendment.OriginalText, amendment.ProposedText, amendment.Rationale));
        Assert.Equal(await App.UserIdAsync(DemoUsers.Cso), amendment.Proposer.Id);
        Assert.Empty(amendment.ConflictsWith);
        Assert.Equal(draft.Blocks[4].Text, string.Concat(amendment.Changes.Where(w => w.Op != "insert").Select(w => w.Text)));
        Assert.Equal(Replacement, string.Concat(amendment.Changes.Where(w => w.Op != "delete").Select(w => w.Text)));
        Assert.Equal([amendment.Id], (await cso.AmendmentsAsync(scene.Id)).Select(a => a.Id));
        Assert.Equal(1, (await cso.DraftAsync(scene.Id)).Version);
    }

    [SkippableFact]
    public async Task Facilitator_accepts_a_members_amendment_which_makes_a_new_version_naming_it_with_the_replacement_in_its_body()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var before = await cso.DraftAsync(scene.Id);
        var amendment = await cso.ProposeAsync(scene.Id, 1, before.Blocks[4].Anchor, Replacement, "Protected time.");

        using var response = await facilitator.SendAcceptAsync(amendment.Id);

        var accepted = await response.ReadJsonAsync<AmendmentJson>();
        Assert.Equal(("accepted", (int?)2, await App.UserIdAsync(DemoUsers.Facilitator)), (accepted.Status, accepted.ResultVersion, accepted.DecidedBy?.Id));
        var after = await cso.DraftAsync(scene.Id);
        Assert.Equal(2, after.Version);
        Assert.Equal(DraftScene.DefaultBody.Replace(before.Blocks[4].Text, Replacement, StringComparison.Ordinal), after.Body);
        Assert.Equal(before.Blocks.Take(4).Select(b => b.Anchor), after.Blocks.Take(4).Select(b => b.Anchor));
        Assert.Equal(Replacement, after.Blocks[4].Text);
        var version = Assert.Single(await cso.VersionsAsync(scene.Id), v => v.Version == 2);
        Assert.Equal(amendment.Id, version.AmendmentId);
        Assert.Contains($"#{amendment.Id}", version.Note, StringComparison.Ordinal);
        Assert.Contains("amendment", version.Note, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(version.Note, after.Note);
        Assert.Equal(["accepted"], (await cso.AmendmentsAsync(scene.Id)).Select(a => a.Status));
    }

    [SkippableFact]
    public async Task Amendment_on_a_list_replaces_the_list_and_nothing_else()
    {
        var scene = await App.NewSceneAsync("Intro.\n\n- first duty\n- second duty\n\nThe paragraph after the list.\n\nEnd.");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var before = await cso.DraftAsync(scene.Id);
        var amendment = await cso.ProposeAsync(scene.Id, 1, before.Blocks[1].Anchor, "- first duty\n- second duty\n- third duty");

        await facilitator.AcceptAsync(amendment.Id);

        var after = await cso.DraftAsync(scene.Id);
        Assert.Equal(["Intro.", "- first duty\n- second duty\n- third duty", "The paragraph after the list.", "End."], after.Blocks.Select(b => b.Text));
        Assert.Equal(before.Blocks[2].Anchor, after.Blocks[2].Anchor);
    }

    [SkippableFact]
    public async Task Facilitator_who_proposed_an_amendment_may_not_accept_or_reject_it_but_another_facilitator_may()
    {
        var scene = await App.NewSceneAsync(cast: [(DemoUsers.Facilitator, "facilitator"), (DemoUsers.Researcher, "facilitator"), (DemoUsers.Cso, "member")]);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);
        var amendment = await facilitator.ProposeAsync(scene.Id, 1, await facilitator.AnchorAsync(scene.Id, 4), Replacement);

        using var accept = await facilitator.SendAcceptAsync(amendment.Id);
        using var reject = await facilitator.SendRejectAsync(amendment.Id, "Changed my mind.");

        await accept.ReadProblemAsync(HttpStatusCode.Forbidden);
        await reject.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, (await facilitator.DraftAsync(scene.Id)).Version);
        Assert.Equal("accepted", (await researcher.AcceptAsync(amendment.Id)).Status);
    }

    [SkippableFact]
    public async Task Observer_may_not_propose_an_amendment()
    {
        var scene = await App.NewSceneAsync();
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);

        using var response = await researcher.SendAmendmentAsync(scene.Id, 1, await researcher.AnchorAsync(scene.Id, 4), Replacement);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await researcher.AmendmentsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Member_may_not_accept_or_reject_an_amendment()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var amendment = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), Replacement);

        using var accept = await official.SendAcceptAsync(amendment.Id);
        using var reject = await official.SendRejectAsync(amendment.Id, "No.");

        await accept.ReadProblemAsync(HttpStatusCode.Forbidden);
        await reject.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["open"], (await cso.AmendmentsAsync(scene.Id)).Select(a => a.Status));
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rejecting_needs_a_reason(string? reason)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var amendment = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), Replacement);

        using var response = await facilitator.SendRejectAsync(amendment.Id, reason);

        Assert.Contains("reason", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(["open"], (await cso.AmendmentsAsync(scene.Id)).Select(a => a.Status));
    }

    [SkippableFact]
    public async Task Rejected_amendment_keeps_its_reason_and_changes_nothing_in_the_draft()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var amendment = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), Replacement);

        using var response = await facilitator.SendRejectAsync(amendment.Id, "Employers should be asked, not required.");

        var rejected = await response.ReadJsonAsync<AmendmentJson>();
        Assert.Equal(("rejected", "Employers should be asked, not required.", (int?)null), (rejected.Status, rejected.Reason, rejected.ResultVersion));
        Assert.Equal(1, (await cso.DraftAsync(scene.Id)).Version);
        Assert.Equal(["rejected"], (await cso.AmendmentsAsync(scene.Id, "rejected")).Select(a => a.Status));
        Assert.Empty(await cso.AmendmentsAsync(scene.Id, "open"));
        await (await facilitator.SendAcceptAsync(amendment.Id)).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Accepting_an_amendment_a_second_time_is_409_and_makes_no_further_version()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var amendment = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), Replacement);
        await facilitator.AcceptAsync(amendment.Id);

        using var again = await facilitator.SendAcceptAsync(amendment.Id);
        using var rejectAfter = await facilitator.SendRejectAsync(amendment.Id, "Too late.");

        await again.ReadProblemAsync(HttpStatusCode.Conflict);
        await rejectAfter.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await cso.DraftAsync(scene.Id)).Version);
    }

    [SkippableFact]
    public async Task Two_open_amendments_to_the_same_paragraph_conflict_with_each_other_and_once_one_is_accepted_the_other_is_409()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var anchor = await cso.AnchorAsync(scene.Id, 4);
        var first = await cso.ProposeAsync(scene.Id, 1, anchor, Replacement);
        var second = await official.ProposeAsync(scene.Id, 1, anchor, "Directors carry out the role next to their other work; employers are encouraged to give them time off.");
        var elsewhere = await official.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 2), "The training covers spotting neglect and abuse.");

        var listed = (await cso.AmendmentsAsync(scene.Id)).ToDictionary(a => a.Id);
        Assert.Equal([second.Id], listed[first.Id].ConflictsWith);
        Assert.Equal([first.Id], listed[second.Id].ConflictsWith);
        Assert.Empty(listed[elsewhere.Id].ConflictsWith);

        await facilitator.AcceptAsync(first.Id);
        using var secondAccept = await facilitator.SendAcceptAsync(second.Id);

        await secondAccept.ReadProblemAsync(HttpStatusCode.Conflict);
        var after = (await cso.AmendmentsAsync(scene.Id)).ToDictionary(a => a.Id);
        Assert.Equal(("open", false), (after[second.Id].Status, after[second.Id].Current));
        Assert.Equal(("open", true), (after[elsewhere.Id].Status, after[elsewhere.Id].Current));
        Assert.Equal("accepted", (await facilitator.AcceptAsync(elsewhere.Id)).Status);
        Assert.Equal(3, (await cso.DraftAsync(scene.Id)).Version);
    }

    [SkippableFact]
    public async Task Amendment_on_a_paragraph_that_changed_since_is_409()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var oldAnchor = await cso.AnchorAsync(scene.Id, 4);
        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody.Replace("next to their other work", "next to their paid work", StringComparison.Ordinal));

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, oldAnchor, Replacement);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Amendment_made_on_an_older_version_to_a_paragraph_still_unchanged_is_accepted_into_the_newest()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var anchor = await cso.AnchorAsync(scene.Id, 4);
        var v2 = DraftScene.DefaultBody.Replace("a two-day training", "a three-day training", StringComparison.Ordinal);
        await facilitator.AddVersionAsync(scene.Id, v2);

        var amendment = await cso.ProposeAsync(scene.Id, 1, anchor, Replacement);
        await facilitator.AcceptAsync(amendment.Id);

        var draft = await cso.DraftAsync(scene.Id);
        Assert.Equal(3, draft.Version);
        Assert.Contains("a three-day training", draft.Body, StringComparison.Ordinal);
        Assert.Equal(Replacement, draft.Blocks[4].Text);
    }

    [SkippableTheory]
    [InlineData("same text")]
    [InlineData("same text with trailing spaces")]
    public async Task Proposing_the_paragraph_unchanged_is_400_naming_proposedText(string variant)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var block = (await cso.DraftAsync(scene.Id)).Blocks[4];

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, block.Anchor, variant == "same text" ? block.Text : block.Text + "   \n");

        Assert.Contains("proposedText", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Footnotes_cannot_be_amended_on_their_own()
    {
        var scene = await App.NewSceneAsync("A claim[^1].\n\n[^1]: The source.");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var footnotes = (await cso.DraftAsync(scene.Id)).Blocks[^1];

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, footnotes.Anchor, "A better source.");

        Assert.Contains("anchor", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData(null, "rationale")]
    [InlineData("", "proposedText")]
    public async Task Amendment_needs_proposed_text_and_a_rationale(string? text, string field)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = await cso.AnchorAsync(scene.Id, 4);

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, anchor, field == "rationale" ? Replacement : text, field == "rationale" ? text : "Why.");

        Assert.Contains(field, (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Accepting_or_rejecting_an_unknown_amendment_is_404()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        await (await facilitator.SendAcceptAsync(987654321)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await facilitator.SendRejectAsync(987654321, "Why.")).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class AmendmentTestsOnSqlite(SqliteAppFixture fixture) : AmendmentTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class AmendmentTestsOnPostgres(PostgresAppFixture fixture) : AmendmentTests(fixture);
