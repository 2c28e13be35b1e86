using System.Net;
using System.Net.Http.Json;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Starting, listing and reading threads.</summary>
public abstract class ThreadTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Member_starts_a_thread_whose_body_becomes_message_1()
    {
        var group = await App.CreateGroupAsync("members", Scene.DefaultCast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var title = Unique.Name("Cash transfers for carers");

        using var response = await cso.PostAsJsonAsync($"/api/v1/groups/{group.Slug}/threads", new { title, body = "Shall we compare **two** pilots?" });

        var thread = await response.ReadJsonAsync<ThreadJson>(HttpStatusCode.Created);
        Assert.Equal((group.Id, title, 1, 1, false), (thread.GroupId, thread.Title, thread.MessageCount, thread.LastSeq, thread.Locked));
        Assert.Equal($"/api/v1/threads/{thread.Id}", response.Headers.Location?.OriginalString);
        var readBack = await cso.ThreadAsync(thread.Id);
        // PostgreSQL keeps microseconds, .NET ticks: the answer to the POST may carry a tenth of a microsecond more.
        Assert.Equal(thread with { CreatedAt = default, LastActivityAt = default }, readBack with { CreatedAt = default, LastActivityAt = default });
        Assert.Equal(thread.CreatedAt, readBack.CreatedAt, TimeSpan.FromMilliseconds(1));
        var first = Assert.Single(await cso.MessagesAsync(thread.Id));
        Assert.Equal((1, "Shall we compare **two** pilots?", "Zhang Min"), (first.Seq, first.Body, first.Author.DisplayName));
        Assert.Contains("<strong>two</strong>", first.Html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Thread_list_shows_the_groups_threads_with_the_most_recently_active_first()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var second = await cso.StartThreadAsync(scene.Group.Id);
        await cso.PostMessageAsync(scene.Thread.Id, "Bringing the first thread back to the top.");

        using var response = await cso.GetAsync($"/api/v1/groups/{scene.Group.Id}/threads");

        var threads = await response.ReadJsonAsync<List<ThreadJson>>();
        Assert.Equal([scene.Thread.Id, second.Id], threads.Select(t => t.Id));
        Assert.Equal((2, 2), (threads[0].MessageCount, threads[0].LastSeq));
        Assert.True(threads[0].LastActivityAt >= threads[1].LastActivityAt);
    }

    [SkippableFact]
    public async Task Anyone_reads_the_threads_of_the_public_demo_group_without_signing_in()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var list = await anonymous.GetAsync($"/api/v1/groups/{DemoGroups.LeftBehindChildren}/threads");

        var threads = await list.ReadJsonAsync<List<ThreadJson>>();
        Assert.NotEmpty(threads);
        var messages = await anonymous.MessagesAsync(threads[0].Id);
        Assert.Equal(Enumerable.Range(1, threads[0].LastSeq), messages.Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Threads_of_a_members_only_group_are_404_for_visitors_and_outsiders_and_never_show_a_title()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var threads = await (await facilitator.GetAsync($"/api/v1/groups/{DemoGroups.ChildProtectionAlliance}/threads")).ReadJsonAsync<List<ThreadJson>>();
        var secret = threads[0];
        using var anonymous = App.CreateAnonymousClient();
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        foreach (var client in new[] { anonymous, outsider })
        {
            foreach (var url in new[] { $"/api/v1/groups/{DemoGroups.ChildProtectionAlliance}/threads", $"/api/v1/threads/{secret.Id}", $"/api/v1/threads/{secret.Id}/messages" })
            {
                using var response = await client.GetAsync(url);
                var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
                Assert.DoesNotContain(secret.Title, problem.Body, StringComparison.Ordinal);
            }
        }
    }

    [SkippableTheory]
    [InlineData("", "Some body.", "title")]
    [InlineData("   ", "Some body.", "title")]
    [InlineData("A title", "", "body")]
    [InlineData("A title", "  \n ", "body")]
    public async Task Starting_a_thread_without_title_or_body_is_400_naming_the_field(string title, string body, string field)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title, body });

        Assert.Contains(field, (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await (await cso.GetAsync($"/api/v1/groups/{scene.Group.Id}/threads")).ReadJsonAsync<List<ThreadJson>>());
    }

    [SkippableFact]
    public async Task A_title_of_201_characters_is_400_and_one_of_200_is_accepted()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var tooLong = await cso.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title = new string('t', 201), body = "Body." });
        using var longest = await cso.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title = new string('t', 200), body = "Body." });

        Assert.Contains("title", (await tooLong.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        await longest.AssertStatusAsync(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task Observer_may_not_start_a_thread_and_gets_403()
    {
        var scene = await App.NewSceneAsync();
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);

        using var response = await observer.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title = "Mine", body = "Body." });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Starting_a_thread_in_a_public_group_without_signing_in_is_401_and_as_a_reader_who_is_not_a_member_403()
    {
        var scene = await App.NewSceneAsync("public");
        using var anonymous = App.CreateAnonymousClient();
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        using var byAnonymous = await anonymous.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title = "Mine", body = "Body." });
        using var byOutsider = await outsider.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title = "Mine", body = "Body." });

        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await byOutsider.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Outsider_starting_a_thread_in_a_members_only_group_gets_404()
    {
        var scene = await App.NewSceneAsync();
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        using var response = await outsider.PostAsJsonAsync($"/api/v1/groups/{scene.Group.Id}/threads", new { title = "Mine", body = "Body." });

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [InlineData("/api/v1/groups/no-such-group/threads")]
    [InlineData("/api/v1/groups/987654321/threads")]
    [InlineData("/api/v1/threads/987654321")]
    [InlineData("/api/v1/threads/987654321/messages")]
    [InlineData("/api/v1/groups/no-such-group/flags")]
    public async Task Unknown_groups_and_threads_are_404_problems(string url)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.GetAsync(url);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Administrator_who_is_in_no_group_reads_a_members_only_thread()
    {
        var scene = await App.NewSceneAsync();
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        Assert.Equal(scene.Thread.Title, (await admin.ThreadAsync(scene.Thread.Id)).Title);
        Assert.Single(await admin.MessagesAsync(scene.Thread.Id));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class ThreadTestsOnSqlite(SqliteFixture fixture) : ThreadTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class ThreadTestsOnPostgres(PostgresFixture fixture) : ThreadTests(fixture);
