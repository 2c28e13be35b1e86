using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>The four reactions: one of each kind per person, counted on the message.</summary>
public abstract class ReactionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Reactions_count_once_per_person_and_kind_and_can_be_taken_back()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Agree?");

        var afterFirst = await (await official.PutAsync($"/api/v1/messages/{message.Id}/reactions/agree", null)).ReadJsonAsync<Dictionary<string, int>>();
        var afterRepeat = await (await official.PutAsync($"/api/v1/messages/{message.Id}/reactions/agree", null)).ReadJsonAsync<Dictionary<string, int>>();
        var afterSecondPerson = await (await cso.PutAsync($"/api/v1/messages/{message.Id}/reactions/agree", null)).ReadJsonAsync<Dictionary<string, int>>();
        await (await official.PutAsync($"/api/v1/messages/{message.Id}/reactions/important", null)).AssertStatusAsync(HttpStatusCode.OK);
        var afterTakingBack = await (await official.DeleteAsync($"/api/v1/messages/{message.Id}/reactions/agree")).ReadJsonAsync<Dictionary<string, int>>();

        Assert.Equal(1, afterFirst["agree"]);
        Assert.Equal(1, afterRepeat["agree"]);
        Assert.Equal(2, afterSecondPerson["agree"]);
        Assert.Equal(new Dictionary<string, int> { ["agree"] = 1, ["thanks"] = 0, ["question"] = 0, ["important"] = 1 }, afterTakingBack);
        Assert.Equal(afterTakingBack, (await cso.ReadMessageAsync(message)).Reactions);
    }

    [SkippableFact]
    public async Task On_the_thread_page_a_given_reaction_shows_pressed_and_pressing_it_again_takes_it_back()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Agree?");
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Official);
        var url = $"/groups/{scene.Group.Slug}/threads/{scene.Thread.Id}";

        async Task<string?> PressAgreeAsync()
        {
            Dictionary<string, string> fields;
            string action;
            string? pressed;
            using (var page = await browser.GetPageAsync(url))
            {
                var form = page.Document.QuerySelectorAll<IHtmlFormElement>("form").Single(f =>
                    f.QuerySelector("input[name='messageId']")?.GetAttribute("value") == message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) &&
                    f.QuerySelector("input[name='kind']")?.GetAttribute("value") == "agree");
                pressed = form.QuerySelector("button")?.GetAttribute("aria-pressed");
                action = form.GetAttribute("action")!;
                fields = form.QuerySelectorAll<IHtmlInputElement>("input[name]").ToDictionary(i => i.Name!, i => i.Value);
            }
            using var response = await browser.PostFormAsync(action, fields);
            await response.AssertStatusAsync(HttpStatusCode.Redirect);
            return pressed;
        }

        var before = await PressAgreeAsync();
        var afterFirstPress = (await cso.ReadMessageAsync(message)).Reactions["agree"];
        var shownPressed = await PressAgreeAsync();
        var afterSecondPress = (await cso.ReadMessageAsync(message)).Reactions["agree"];

        Assert.Equal(("false", 1), (before, afterFirstPress));
        Assert.Equal(("true", 0), (shownPressed, afterSecondPress));
    }

    [SkippableFact]
    public async Task Taking_back_a_reaction_never_given_changes_nothing()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        using var response = await cso.DeleteAsync($"/api/v1/messages/{message.Id}/reactions/thanks");

        Assert.Equal(0, (await response.ReadJsonAsync<Dictionary<string, int>>())["thanks"]);
    }

    [SkippableTheory]
    [InlineData("like")]
    [InlineData("AGREE")]
    [InlineData("%F0%9F%91%8D")]
    public async Task An_unknown_reaction_is_400(string kind)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");

        using var response = await cso.PutAsync($"/api/v1/messages/{message.Id}/reactions/{kind}", null);

        Assert.Contains("kind", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Observers_may_not_react_outsiders_see_404_visitors_401_and_unknown_messages_are_404()
    {
        var scene = await App.NewSceneAsync();
        var publicScene = await App.NewSceneAsync("public");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var anonymous = App.CreateAnonymousClient();
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Hello.");
        var publicMessage = await cso.PostMessageAsync(publicScene.Thread.Id, "Hello, world.");

        using var byObserver = await observer.PutAsync($"/api/v1/messages/{message.Id}/reactions/agree", null);
        using var byOutsider = await outsider.PutAsync($"/api/v1/messages/{message.Id}/reactions/agree", null);
        using var byAnonymous = await anonymous.PutAsync($"/api/v1/messages/{publicMessage.Id}/reactions/agree", null);
        using var unknown = await cso.PutAsync("/api/v1/messages/987654321/reactions/agree", null);

        await byObserver.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byOutsider.ReadProblemAsync(HttpStatusCode.NotFound);
        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.All((await cso.ReadMessageAsync(message)).Reactions.Values, count => Assert.Equal(0, count));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class ReactionTestsOnSqlite(SqliteFixture fixture) : ReactionTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class ReactionTestsOnPostgres(PostgresFixture fixture) : ReactionTests(fixture);
