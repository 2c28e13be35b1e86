using System.Net;
using System.Net.Http.Json;
using ChildForum.Core.Audit;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Flags, the facilitators' queue, hiding, dismissing and locking, each with its audit entry.</summary>
public abstract class ModerationTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Member_flags_a_message_and_the_facilitators_see_it_in_their_queue()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Something unkind.");

        using var response = await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Unkind to a colleague." });

        await response.AssertStatusAsync(HttpStatusCode.Accepted);
        var flag = Assert.Single(await facilitator.FlagsAsync(scene.Group.Id));
        Assert.Equal((message.Id, scene.Thread.Id, scene.Thread.Title, message.Seq, "member", "Unkind to a colleague.", "Wang Jun", "Something unkind.", false),
            (flag.MessageId, flag.ThreadId, flag.ThreadTitle, flag.Seq, flag.Kind, flag.Reason, flag.FlaggedBy, flag.Excerpt, flag.Hidden));
        Assert.Equal(["message.flagged"], await App.AuditActionsAsync("message", message.Id));
    }

    /// <summary>The longest reason makes an audit summary longer than its column, which is cut short; an emoji astride the
    /// cut must not be halved (PostgreSQL refuses half a character, and the flag failed with a 500).</summary>
    [SkippableFact]
    public async Task The_longest_reason_with_an_emoji_where_the_audit_summary_is_cut_is_taken()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Something unkind.");
        var before = $"Flagged message #{message.Seq} in '{scene.Thread.Title}': ".Length;
        // The summary keeps its first 999 characters and an ellipsis: the emoji's first half is the 999th.
        var reason = (new string('a', AuditLog.SummaryMaxLength - 2 - before) + "😀").PadRight(MessageFlag.ReasonMaxLength, 'b');

        using var response = await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason });

        await response.AssertStatusAsync(HttpStatusCode.Accepted);
        var target = message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var summary = await App.QueryDatabaseAsync(db => db.AuditEntries.Where(e => e.Action == "message.flagged" && e.TargetId == target).Select(e => e.Summary).SingleAsync());
        Assert.EndsWith("a…", summary, StringComparison.Ordinal);
        Assert.True(summary.Length <= AuditLog.SummaryMaxLength);
    }

    [SkippableFact]
    public async Task Flagging_the_same_message_again_while_the_first_flag_is_open_is_409()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Something unkind.");
        (await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Unkind." })).Dispose();

        using var again = await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Still unkind." });
        using var bySomeoneElse = await facilitator.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "I agree." });

        await again.ReadProblemAsync(HttpStatusCode.Conflict);
        await bySomeoneElse.AssertStatusAsync(HttpStatusCode.Accepted);
        Assert.Equal(2, (await facilitator.FlagsAsync(scene.Group.Id)).Count);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Flagging_without_a_reason_is_400_naming_reason(string? reason)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        using var response = await cso.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason });

        Assert.Contains("reason", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task A_reason_over_1000_characters_is_400()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        using var response = await cso.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = new string('r', 1001) });

        Assert.Contains("reason", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Observers_may_not_flag_outsiders_get_404_and_unknown_messages_are_404()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        using var byObserver = await observer.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Why not." });
        using var byOutsider = await outsider.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Why not." });
        using var unknown = await cso.PostAsJsonAsync("/api/v1/messages/987654321/flags", new { reason = "Why not." });

        await byObserver.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byOutsider.ReadProblemAsync(HttpStatusCode.NotFound);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Only_facilitators_and_administrators_read_the_queue()
    {
        var scene = await App.NewSceneAsync();
        var publicScene = await App.NewSceneAsync("public");
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var anonymous = App.CreateAnonymousClient();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        await (await member.GetAsync($"/api/v1/groups/{scene.Group.Id}/flags")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await observer.GetAsync($"/api/v1/groups/{scene.Group.Id}/flags")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.GetAsync($"/api/v1/groups/{scene.Group.Id}/flags")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/api/v1/groups/{publicScene.Group.Id}/flags")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await outsider.GetAsync($"/api/v1/groups/{publicScene.Group.Id}/flags")).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await admin.FlagsAsync(scene.Group.Id));
        Assert.Empty(await facilitator.FlagsAsync(scene.Group.Slug));
    }

    [SkippableFact]
    public async Task Hidden_message_shows_no_text_to_members_but_facilitators_still_read_it()
    {
        var scene = await App.NewSceneAsync("public");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Names a child's school.");
        (await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Identifies a child." })).Dispose();

        using var response = await facilitator.PostAsync($"/api/v1/messages/{message.Id}/hide", null);

        await response.AssertStatusAsync(HttpStatusCode.NoContent);
        foreach (var reader in new[] { cso, official, anonymous })
        {
            var seen = await reader.ReadMessageAsync(message);
            Assert.Equal((true, "", ""), (seen.Hidden, seen.Body, seen.Html));
        }
        var moderatorView = await facilitator.ReadMessageAsync(message);
        Assert.Equal((true, "Names a child's school."), (moderatorView.Hidden, moderatorView.Body));
        Assert.NotEqual("", moderatorView.Html);
        Assert.Empty(await facilitator.FlagsAsync(scene.Group.Id));
        Assert.Equal(["message.flagged", "message.hidden"], await App.AuditActionsAsync("message", message.Id));
    }

    [SkippableFact]
    public async Task Hidden_message_is_not_quoted_in_replies_to_it()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Secret detail.");
        var reply = await official.PostMessageAsync(scene.Thread.Id, "Reply.", replyToId: message.Id);

        (await facilitator.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).Dispose();

        var seen = await official.ReadMessageAsync(reply);
        Assert.NotNull(seen.ReplyTo);
        Assert.Equal("", seen.ReplyTo.Excerpt);
    }

    [SkippableFact]
    public async Task Unhiding_shows_the_text_to_everyone_again_and_is_audited()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Fine after all.");
        (await facilitator.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).Dispose();

        using var response = await facilitator.PostAsync($"/api/v1/messages/{message.Id}/unhide", null);

        await response.AssertStatusAsync(HttpStatusCode.NoContent);
        var seen = await cso.ReadMessageAsync(message);
        Assert.Equal((false, "Fine after all."), (seen.Hidden, seen.Body));
        Assert.Equal(["message.hidden", "message.unhidden"], await App.AuditActionsAsync("message", message.Id));
    }

    [SkippableFact]
    public async Task Author_may_not_edit_a_hidden_message_back_into_view()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hidden soon.");
        (await facilitator.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).Dispose();

        using var response = await cso.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Harmless now." });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Hidden soon.", (await facilitator.ReadMessageAsync(message)).Body);
    }

    [SkippableFact]
    public async Task Members_may_not_hide_or_unhide_outsiders_get_404_and_unknown_messages_are_404()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        await (await official.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await cso.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await facilitator.PostAsync("/api/v1/messages/987654321/hide", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await facilitator.PostAsync("/api/v1/messages/987654321/unhide", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.False((await cso.ReadMessageAsync(message)).Hidden);
    }

    [SkippableFact]
    public async Task Administrator_who_is_not_in_the_group_may_hide()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        await (await admin.PostAsync($"/api/v1/messages/{message.Id}/hide", null)).AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.True((await cso.ReadMessageAsync(message)).Hidden);
    }

    [SkippableFact]
    public async Task Facilitator_dismisses_a_flag_which_leaves_the_queue_and_the_message_as_it_was()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Robust but fair.");
        (await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Too robust." })).Dispose();
        var flag = Assert.Single(await facilitator.FlagsAsync(scene.Group.Id));

        using var byMember = await official.PostAsync($"/api/v1/flags/{flag.Id}/dismiss", null);
        using var response = await facilitator.PostAsync($"/api/v1/flags/{flag.Id}/dismiss", null);

        await byMember.ReadProblemAsync(HttpStatusCode.Forbidden);
        await response.AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.Empty(await facilitator.FlagsAsync(scene.Group.Id));
        Assert.Equal("Robust but fair.", (await cso.ReadMessageAsync(message)).Body);
        Assert.Equal(["message.flagged", "flag.dismissed"], await App.AuditActionsAsync("message", message.Id));
        // Once dismissed, the same member may flag it again.
        await (await official.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Again." })).AssertStatusAsync(HttpStatusCode.Accepted);
    }

    [SkippableFact]
    public async Task Dismissing_an_unknown_flag_is_404_and_a_flag_of_an_unreadable_group_is_404_too()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");
        (await cso.PostAsJsonAsync($"/api/v1/messages/{message.Id}/flags", new { reason = "Test." })).Dispose();
        var flag = Assert.Single(await facilitator.FlagsAsync(scene.Group.Id));

        await (await facilitator.PostAsync("/api/v1/flags/987654321/dismiss", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.PostAsync($"/api/v1/flags/{flag.Id}/dismiss", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await facilitator.FlagsAsync(scene.Group.Id));
    }

    [SkippableFact]
    public async Task Locked_thread_refuses_new_messages_and_edits_with_409_until_unlocked()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var earlier = await cso.PostMessageAsync(scene.Thread.Id, "Before the lock.");

        using var locked = await facilitator.PostAsync($"/api/v1/threads/{scene.Thread.Id}/lock", null);

        await locked.AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True((await cso.ThreadAsync(scene.Thread.Id)).Locked);
        await (await cso.SendMessageAsync(scene.Thread.Id, "After the lock.")).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await facilitator.SendMessageAsync(scene.Thread.Id, "Facilitator after the lock.")).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await cso.PatchAsJsonAsync($"/api/v1/messages/{earlier.Id}", new { body = "Changed." })).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await cso.MessagesAsync(scene.Thread.Id)).Count);

        using var unlocked = await facilitator.PostAsync($"/api/v1/threads/{scene.Thread.Id}/unlock", null);

        await unlocked.AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.False((await cso.ThreadAsync(scene.Thread.Id)).Locked);
        Assert.Equal(3, (await cso.PostMessageAsync(scene.Thread.Id, "Open again.")).Seq);
        Assert.Equal(["thread.created", "thread.locked", "thread.unlocked"], await App.AuditActionsAsync("thread", scene.Thread.Id));
    }

    [SkippableFact]
    public async Task Members_may_not_lock_outsiders_get_404_and_unknown_threads_are_404()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();

        await (await cso.PostAsync($"/api/v1/threads/{scene.Thread.Id}/lock", null)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.PostAsync($"/api/v1/threads/{scene.Thread.Id}/lock", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.PostAsync($"/api/v1/threads/{scene.Thread.Id}/lock", null)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await facilitator.PostAsync("/api/v1/threads/987654321/lock", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.False((await cso.ThreadAsync(scene.Thread.Id)).Locked);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class ModerationTestsOnSqlite(SqliteFixture fixture) : ModerationTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class ModerationTestsOnPostgres(PostgresFixture fixture) : ModerationTests(fixture);
