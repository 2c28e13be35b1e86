using System.Net;
using System.Net.Http.Json;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Editing (author only, earlier text kept) and soft deletion (author or facilitator).</summary>
public abstract class EditDeleteTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Author_edits_a_message_which_keeps_its_place_shows_editedAt_and_keeps_the_earlier_text()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var original = await cso.PostMessageAsync(scene.Thread.Id, "We met on Tuesday.");

        using var response = await cso.PatchAsJsonAsync($"/api/v1/messages/{original.Id}", new { body = "We met on **Wednesday**." });

        var edited = await response.ReadJsonAsync<MessageJson>();
        Assert.Equal((original.Id, original.Seq, "We met on **Wednesday**."), (edited.Id, edited.Seq, edited.Body));
        Assert.Contains("<strong>Wednesday</strong>", edited.Html, StringComparison.Ordinal);
        Assert.NotNull(edited.EditedAt);
        Assert.True(edited.EditedAt >= original.CreatedAt);
        var readBack = await cso.ReadMessageAsync(original);
        Assert.Equal((edited.Body, edited.Html), (readBack.Body, readBack.Html));
        Assert.NotNull(readBack.EditedAt);
        var revisions = await App.QueryDatabaseAsync(db => db.Set<MessageRevision>().Where(r => r.MessageId == original.Id).Select(r => r.Body).ToListAsync());
        Assert.Equal(["We met on Tuesday."], revisions);
    }

    [SkippableFact]
    public async Task Readers_see_the_earlier_texts_of_an_edited_message_oldest_first_through_the_api_and_on_the_page()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        var original = await cso.PostMessageAsync(scene.Thread.Id, "We met on Tuesday.");
        var untouched = await cso.PostMessageAsync(scene.Thread.Id, "Never edited.");
        await (await cso.PatchAsJsonAsync($"/api/v1/messages/{original.Id}", new { body = "We met on Wednesday." })).AssertStatusAsync(HttpStatusCode.OK);
        await (await cso.PatchAsJsonAsync($"/api/v1/messages/{original.Id}", new { body = "We met on **Thursday**." })).AssertStatusAsync(HttpStatusCode.OK);

        var history = await (await observer.GetAsync($"/api/v1/messages/{original.Id}/revisions")).ReadJsonAsync<RevisionPageJson>();
        var none = await (await observer.GetAsync($"/api/v1/messages/{untouched.Id}/revisions")).ReadJsonAsync<RevisionPageJson>();
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Researcher);
        using var page = await browser.GetPageAsync($"/groups/{scene.Group.Slug}/threads/{scene.Thread.Id}");

        Assert.Equal(original.Id, history.MessageId);
        Assert.Equal(["We met on Tuesday.", "We met on Wednesday."], history.Items.Select(r => r.Body));
        Assert.Equal("<p>We met on Tuesday.</p>", history.Items[0].Html.Trim());
        Assert.True(history.Items[0].ReplacedAt <= history.Items[1].ReplacedAt);
        Assert.Empty(none.Items);
        var shown = page.Document.QuerySelector($"#message-{original.Id} .message-history")?.TextContent ?? "";
        Assert.Contains("We met on Tuesday.", shown, StringComparison.Ordinal);
        Assert.Contains("We met on Wednesday.", shown, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector($"#message-{untouched.Id} .message-history"));
    }

    [SkippableFact]
    public async Task Earlier_texts_go_with_the_message_when_it_is_deleted_or_hidden_and_stay_private_to_its_group()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var visitor = App.CreateAnonymousClient();
        var deleted = await cso.PostMessageAsync(scene.Thread.Id, "First text, later deleted.");
        var hidden = await cso.PostMessageAsync(scene.Thread.Id, "First text, later hidden.");
        foreach (var message in new[] { deleted, hidden })
        {
            await (await cso.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Second text." })).AssertStatusAsync(HttpStatusCode.OK);
        }
        await (await cso.DeleteAsync($"/api/v1/messages/{deleted.Id}")).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await facilitator.PostAsync($"/api/v1/messages/{hidden.Id}/hide", null)).AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.Empty((await (await cso.GetAsync($"/api/v1/messages/{deleted.Id}/revisions")).ReadJsonAsync<RevisionPageJson>()).Items);
        Assert.Empty((await (await official.GetAsync($"/api/v1/messages/{hidden.Id}/revisions")).ReadJsonAsync<RevisionPageJson>()).Items);
        Assert.Single((await (await facilitator.GetAsync($"/api/v1/messages/{hidden.Id}/revisions")).ReadJsonAsync<RevisionPageJson>()).Items);
        var outsiderProblem = await (await outsider.GetAsync($"/api/v1/messages/{hidden.Id}/revisions")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await visitor.GetAsync($"/api/v1/messages/{hidden.Id}/revisions")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain("First text", outsiderProblem.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Nobody_but_the_author_may_edit_not_even_a_facilitator_or_administrator()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "My words.");

        foreach (var other in new[] { official, facilitator, admin })
        {
            using var response = await other.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Your words." });
            await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        }
        Assert.Equal("My words.", (await cso.ReadMessageAsync(message)).Body);
    }

    [SkippableFact]
    public async Task Editing_without_signing_in_is_401_and_as_an_outsider_of_a_members_only_group_404()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var anonymous = App.CreateAnonymousClient();
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "My words.");

        using var byAnonymous = await anonymous.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Hacked." });
        using var byOutsider = await outsider.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Hacked." });

        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
        var problem = await byOutsider.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(scene.Thread.Title, problem.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Editing_to_an_empty_body_is_400_and_the_text_stays()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Keep me.");

        using var response = await cso.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "  " });

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal("Keep me.", (await cso.ReadMessageAsync(message)).Body);
    }

    [SkippableFact]
    public async Task Editing_a_message_that_does_not_exist_is_404()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PatchAsJsonAsync("/api/v1/messages/987654321", new { body = "Hello." });

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Author_deletes_a_message_which_stays_in_the_sequence_without_its_text()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Posted by mistake.");
        var after = await cso.PostMessageAsync(scene.Thread.Id, "Next.");

        using var response = await cso.DeleteAsync($"/api/v1/messages/{message.Id}");

        await response.AssertStatusAsync(HttpStatusCode.NoContent);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        foreach (var reader in new[] { cso, facilitator })
        {
            var messages = await reader.MessagesAsync(scene.Thread.Id);
            Assert.Equal([1, 2, 3], messages.Select(m => m.Seq));
            var deleted = messages.Single(m => m.Id == message.Id);
            Assert.Equal((true, "", ""), (deleted.Deleted, deleted.Body, deleted.Html));
            Assert.Equal("Next.", messages.Single(m => m.Id == after.Id).Body);
        }
        Assert.Equal(3, (await cso.ThreadAsync(scene.Thread.Id)).LastSeq);
        Assert.DoesNotContain("message.deleted", await App.AuditActionsAsync("message", message.Id));
    }

    [SkippableFact]
    public async Task Deleting_twice_is_harmless()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Once.");

        using var first = await cso.DeleteAsync($"/api/v1/messages/{message.Id}");
        using var second = await cso.DeleteAsync($"/api/v1/messages/{message.Id}");

        await first.AssertStatusAsync(HttpStatusCode.NoContent);
        await second.AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True((await cso.ReadMessageAsync(message)).Deleted);
    }

    [SkippableFact]
    public async Task A_deleted_message_can_no_longer_be_edited()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Gone soon.");
        (await cso.DeleteAsync($"/api/v1/messages/{message.Id}")).Dispose();

        using var response = await cso.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Back again." });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("", (await cso.ReadMessageAsync(message)).Body);
    }

    [SkippableFact]
    public async Task Facilitator_and_administrator_delete_someone_elses_message_and_the_audit_log_records_it()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var first = await cso.PostMessageAsync(scene.Thread.Id, "Off topic.");
        var second = await cso.PostMessageAsync(scene.Thread.Id, "Also off topic.");

        using var byFacilitator = await facilitator.DeleteAsync($"/api/v1/messages/{first.Id}");
        using var byAdmin = await admin.DeleteAsync($"/api/v1/messages/{second.Id}");

        await byFacilitator.AssertStatusAsync(HttpStatusCode.NoContent);
        await byAdmin.AssertStatusAsync(HttpStatusCode.NoContent);
        Assert.True((await cso.ReadMessageAsync(first)).Deleted);
        Assert.True((await cso.ReadMessageAsync(second)).Deleted);
        Assert.Equal(["message.deleted"], await App.AuditActionsAsync("message", first.Id));
        Assert.Equal(["message.deleted"], await App.AuditActionsAsync("message", second.Id));
    }

    [SkippableFact]
    public async Task Another_member_or_an_observer_may_not_delete_and_gets_403()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Mine.");

        using var byMember = await official.DeleteAsync($"/api/v1/messages/{message.Id}");
        using var byObserver = await observer.DeleteAsync($"/api/v1/messages/{message.Id}");

        await byMember.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byObserver.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.False((await cso.ReadMessageAsync(message)).Deleted);
    }

    [SkippableFact]
    public async Task Deleting_without_signing_in_is_401_and_an_unknown_message_is_404()
    {
        var scene = await App.NewSceneAsync("public");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var anonymous = App.CreateAnonymousClient();
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Mine.");

        using var byAnonymous = await anonymous.DeleteAsync($"/api/v1/messages/{message.Id}");
        using var unknown = await cso.DeleteAsync("/api/v1/messages/987654321");

        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class EditDeleteTestsOnSqlite(SqliteFixture fixture) : EditDeleteTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class EditDeleteTestsOnPostgres(PostgresFixture fixture) : EditDeleteTests(fixture);
