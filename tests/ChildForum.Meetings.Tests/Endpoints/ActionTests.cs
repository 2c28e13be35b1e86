using System.Net;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Decisions and actions: agenda items of the same meeting only, exactly one owner, a real due date, overdue
/// actions flagged; who may change an action's status; the group's actions by status.</summary>
public abstract class ActionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Sunflower = "Sunflower Children's Service Centre";

    [SkippableFact]
    public async Task Decision_is_201_on_an_agenda_item_of_the_meeting_and_appears_on_the_meeting()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var item = meeting.WrittenItems[2];

        using var response = await facilitator.SendDecisionAsync(meeting.Id, "Training includes a yearly refresher.", item.Id);
        var decision = await response.ReadJsonAsync<DecisionJson>(HttpStatusCode.Created);
        var general = await facilitator.AddDecisionAsync(meeting.Id, "The next meeting is in spring.");

        Assert.Equal(("Training includes a yearly refresher.", (int?)item.Id), (decision.Text, decision.AgendaItemId));
        Assert.Null(general.AgendaItemId);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Equal([(decision.Id, (int?)item.Id, decision.Text), (general.Id, null, general.Text)],
            (await cso.MeetingAsync(meeting.Id)).Decisions.Select(d => (d.Id, d.AgendaItemId, d.Text)));
    }

    [SkippableFact]
    public async Task Decision_or_action_on_an_agenda_item_of_another_meeting_is_400_naming_agendaItemId()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var other = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 10);
        var elsewhere = other.WrittenItems[0].Id;

        using var decision = await facilitator.SendDecisionAsync(meeting.Id, "Text.", elsewhere);
        using var action = await facilitator.SendActionAsync(meeting.Id, "Title", ownerUserId: await App.UserIdAsync(DemoUsers.Cso), agendaItemId: elsewhere);
        using var unknown = await facilitator.SendDecisionAsync(meeting.Id, "Text.", 987654321);

        Assert.Contains("agendaItemId", (await decision.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("agendaItemId", (await action.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("agendaItemId", (await unknown.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Empty(read.Decisions);
        Assert.Empty(read.Actions);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Decision_without_text_is_400_naming_text(string? text)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var response = await facilitator.SendDecisionAsync(meeting.Id, text);

        Assert.Contains("text", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty((await facilitator.MeetingAsync(meeting.Id)).Decisions);
    }

    [SkippableFact]
    public async Task Action_for_a_person_and_one_for_an_organisation_are_201_with_their_owners()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var cso = await App.UserIdAsync(DemoUsers.Cso);
        var bureau = await facilitator.OrganisationIdAsync("Riverside District Civil Affairs Bureau");
        var due = MeetingApi.Day(14);

        using var response = await facilitator.SendActionAsync(meeting.Id, "Send the tables", ownerUserId: cso, dueDate: due, agendaItemId: meeting.WrittenItems[1].Id);
        var forPerson = await response.ReadJsonAsync<ActionJson>(HttpStatusCode.Created);
        var forOrganisation = await facilitator.AddActionAsync(meeting.Id, "Check the budget", ownerOrganisationId: bureau, dueDate: due);

        Assert.Equal(("Send the tables", due, "open", false, (int?)meeting.WrittenItems[1].Id), (forPerson.Title, forPerson.DueDate, forPerson.Status, forPerson.Overdue, forPerson.AgendaItemId));
        Assert.Equal(new PartyJson("person", cso, "Zhang Min", Sunflower, "cso"), forPerson.Owner);
        Assert.Equal(("organisation", "Riverside District Civil Affairs Bureau", "government"), (forOrganisation.Owner!.Kind, forOrganisation.Owner.Name, forOrganisation.Owner.StakeholderType));
        Assert.Null(forPerson.ClosedAt);
        using var member = await App.ClientForAsync(DemoUsers.Official);
        Assert.Equal([forPerson.Id, forOrganisation.Id], (await member.MeetingAsync(meeting.Id)).Actions.Select(a => a.Id));
    }

    [SkippableFact]
    public async Task Action_with_both_owners_or_with_neither_is_400_and_nothing_is_saved()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var bureau = await facilitator.OrganisationIdAsync("Riverside District Civil Affairs Bureau");

        using var both = await facilitator.SendActionAsync(meeting.Id, "Both", ownerUserId: await App.UserIdAsync(DemoUsers.Official), ownerOrganisationId: bureau);
        using var neither = await facilitator.SendActionAsync(meeting.Id, "Neither");

        Assert.NotEmpty((await both.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors);
        Assert.NotEmpty((await neither.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors);
        Assert.Empty((await facilitator.MeetingAsync(meeting.Id)).Actions);
    }

    [SkippableFact]
    public async Task Action_for_someone_outside_the_group_or_an_unknown_organisation_is_400_naming_the_owner()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var stranger = await facilitator.SendActionAsync(meeting.Id, "Stranger", ownerUserId: await App.UserIdAsync(DemoUsers.Business));
        using var nobody = await facilitator.SendActionAsync(meeting.Id, "Nobody", ownerUserId: "no-such-user");
        using var organisation = await facilitator.SendActionAsync(meeting.Id, "Unknown", ownerOrganisationId: 987654321);

        Assert.Contains("ownerUserId", (await stranger.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("ownerUserId", (await nobody.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("ownerOrganisationId", (await organisation.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty((await facilitator.MeetingAsync(meeting.Id)).Actions);
    }

    [SkippableTheory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("tomorrow")]
    [InlineData("31/12/2026")]
    [InlineData("2026-12-31T10:00")]
    [InlineData("1999-12-31")]
    [InlineData("2100-01-01")]
    [InlineData("")]
    public async Task Action_with_a_bad_due_date_is_400_naming_dueDate(string dueDate)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var response = await facilitator.SendActionAsync(meeting.Id, "Title", ownerUserId: await App.UserIdAsync(DemoUsers.Cso), dueDate: dueDate);

        Assert.Equal(["dueDate"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty((await facilitator.MeetingAsync(meeting.Id)).Actions);
    }

    [SkippableFact]
    public async Task Open_action_past_its_due_date_is_overdue_and_one_due_later_or_closed_is_not()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id, daysAgo: 30);
        var cso = await App.UserIdAsync(DemoUsers.Cso);

        var late = await facilitator.AddActionAsync(meeting.Id, "Late", ownerUserId: cso, dueDate: MeetingApi.Day(-5));
        var early = await facilitator.AddActionAsync(meeting.Id, "Not yet due", ownerUserId: cso, dueDate: MeetingApi.Day(5));
        var closed = await facilitator.AddActionAsync(meeting.Id, "Late but done", ownerUserId: cso, dueDate: MeetingApi.Day(-5));
        var done = await facilitator.SetActionStatusAsync(closed.Id, "done");

        Assert.True(late.Overdue);
        Assert.False(early.Overdue);
        Assert.False(done.Overdue);
        using var member = await App.ClientForAsync(DemoUsers.Official);
        var read = (await member.MeetingAsync(meeting.Id)).Actions.ToDictionary(a => a.Id);
        Assert.Equal((true, false, false), (read[late.Id].Overdue, read[early.Id].Overdue, read[closed.Id].Overdue));
        Assert.Equal([late.Id], (await member.GroupActionsAsync(group.Id, "open")).Where(a => a.Overdue).Select(a => a.Id));
    }

    private sealed record ActionScene(GroupJson Group, MeetingJson Meeting, ActionJson ForCso, ActionJson ForSunflower, TestUser Colleague, TestUser ObserverColleague);

    /// <summary>The default cast plus two more people of cso's organisation (Sunflower): one member, one observer; an action
    /// for cso and one for Sunflower.</summary>
    private async Task<ActionScene> ArrangeAsync()
    {
        var group = await App.NewGroupAsync();
        var colleague = await App.CreateUserAsync(Sunflower);
        var observerColleague = await App.CreateUserAsync(Sunflower);
        await App.AddMembershipAsync(group.Id, colleague.Email, "member");
        await App.AddMembershipAsync(group.Id, observerColleague.Email, "observer");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var forCso = await facilitator.AddActionAsync(meeting.Id, "Send the tables", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        var forSunflower = await facilitator.AddActionAsync(meeting.Id, "Collect materials", ownerOrganisationId: await facilitator.OrganisationIdAsync(Sunflower));
        return new ActionScene(group, meeting, forCso, forSunflower, colleague, observerColleague);
    }

    [SkippableFact]
    public async Task Owner_marks_their_action_done_and_reopens_it()
    {
        var scene = await ArrangeAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendActionStatusAsync(scene.ForCso.Id, "done");
        var done = await response.ReadJsonAsync<ActionJson>();

        Assert.Equal("done", done.Status);
        Assert.NotNull(done.ClosedAt);
        var reopened = await cso.SetActionStatusAsync(scene.ForCso.Id, "open");
        Assert.Equal("open", reopened.Status);
        Assert.Null(reopened.ClosedAt);
        Assert.Equal("dropped", (await cso.SetActionStatusAsync(scene.ForCso.Id, "dropped")).Status);
    }

    [SkippableFact]
    public async Task Member_of_the_owning_organisation_sets_its_status()
    {
        var scene = await ArrangeAsync();
        using var colleague = await App.ClientForAsync(scene.Colleague);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        Assert.Equal("done", (await colleague.SetActionStatusAsync(scene.ForSunflower.Id, "done")).Status);
        Assert.Equal("open", (await cso.SetActionStatusAsync(scene.ForSunflower.Id, "open")).Status);
    }

    [SkippableFact]
    public async Task Another_member_gets_403_and_the_action_stays_open()
    {
        var scene = await ArrangeAsync();
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var colleague = await App.ClientForAsync(scene.Colleague);

        using var notTheirs = await official.SendActionStatusAsync(scene.ForCso.Id, "done");
        using var notTheirOrganisation = await official.SendActionStatusAsync(scene.ForSunflower.Id, "done");
        // Same organisation as the person who owns it does not make the action theirs.
        using var colleagueOfOwner = await colleague.SendActionStatusAsync(scene.ForCso.Id, "done");

        await notTheirs.ReadProblemAsync(HttpStatusCode.Forbidden);
        await notTheirOrganisation.ReadProblemAsync(HttpStatusCode.Forbidden);
        await colleagueOfOwner.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.All((await official.MeetingAsync(scene.Meeting.Id)).Actions, a => Assert.Equal("open", a.Status));
    }

    [SkippableFact]
    public async Task Facilitator_sets_the_status_of_any_action()
    {
        var scene = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        Assert.Equal("done", (await facilitator.SetActionStatusAsync(scene.ForCso.Id, "done")).Status);
        Assert.Equal("dropped", (await facilitator.SetActionStatusAsync(scene.ForSunflower.Id, "dropped")).Status);
    }

    [SkippableFact]
    public async Task Observers_cannot_change_actions_they_do_not_own_not_even_their_organisation_s()
    {
        var scene = await ArrangeAsync();
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);
        using var observerColleague = await App.ClientForAsync(scene.ObserverColleague);

        using var notTheirs = await researcher.SendActionStatusAsync(scene.ForCso.Id, "done");
        using var organisation = await observerColleague.SendActionStatusAsync(scene.ForSunflower.Id, "done");

        await notTheirs.ReadProblemAsync(HttpStatusCode.Forbidden);
        await organisation.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.All((await researcher.MeetingAsync(scene.Meeting.Id)).Actions, a => Assert.Equal("open", a.Status));
    }

    [SkippableFact]
    public async Task Strangers_get_404_and_anonymous_callers_401_for_an_action_of_a_members_only_group()
    {
        var scene = await ArrangeAsync();
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var anonymous = App.CreateAnonymousClient();

        using var byOutsider = await outsider.SendActionStatusAsync(scene.ForCso.Id, "done");
        using var byAnonymous = await anonymous.SendActionStatusAsync(scene.ForCso.Id, "done");

        Assert.DoesNotContain(scene.ForCso.Title, (await byOutsider.ReadProblemAsync(HttpStatusCode.NotFound)).Body, StringComparison.Ordinal);
        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [InlineData("finished")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Unknown_action_status_is_400_naming_status(string? status)
    {
        var scene = await ArrangeAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendActionStatusAsync(scene.ForCso.Id, status);

        Assert.Equal(["status"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Group_actions_are_filtered_by_status_and_an_unknown_status_is_400()
    {
        var scene = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var later = await facilitator.CreatePastMeetingAsync(scene.Group.Id, daysAgo: 1);
        var third = await facilitator.AddActionAsync(later.Id, "Third", ownerUserId: await App.UserIdAsync(DemoUsers.Official));
        await facilitator.SetActionStatusAsync(scene.ForSunflower.Id, "done");
        using var member = await App.ClientForAsync(DemoUsers.Official);

        Assert.Equal([scene.ForCso.Id, third.Id], (await member.GroupActionsAsync(scene.Group.Id, "open")).Select(a => a.Id).Order());
        Assert.Equal([scene.ForSunflower.Id], (await member.GroupActionsAsync(scene.Group.Id, "done")).Select(a => a.Id));
        Assert.Empty(await member.GroupActionsAsync(scene.Group.Id, "dropped"));
        Assert.Equal([scene.ForCso.Id, scene.ForSunflower.Id, third.Id], (await member.GroupActionsAsync(scene.Group.Slug)).Select(a => a.Id).Order());
        Assert.All(await member.GroupActionsAsync(scene.Group.Id, "open"), a => Assert.Equal("open", a.Status));

        using var bogus = await member.GetAsync($"/api/v1/groups/{scene.Group.Id}/actions?status=bogus").WaitAsync(MeetingApi.Patience);
        Assert.Equal(["status"], (await bogus.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    public async Task Members_and_observers_may_not_record_decisions_or_actions(string user)
    {
        var scene = await ArrangeAsync();
        using var client = await App.ClientForAsync(user);

        using var decision = await client.SendDecisionAsync(scene.Meeting.Id, "A decision.");
        using var action = await client.SendActionAsync(scene.Meeting.Id, "An action.", ownerUserId: await App.UserIdAsync(user));

        await decision.ReadProblemAsync(HttpStatusCode.Forbidden);
        await action.ReadProblemAsync(HttpStatusCode.Forbidden);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var read = await facilitator.MeetingAsync(scene.Meeting.Id);
        Assert.Empty(read.Decisions);
        Assert.Equal(2, read.Actions.Count);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ActionTestsOnSqlite(SqliteAppFixture fixture) : ActionTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ActionTestsOnPostgres(PostgresAppFixture fixture) : ActionTests(fixture);
