using System.Net;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Who reads and who posts, role by role, in a members-only and in a public group.</summary>
public abstract class PermissionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    public static TheoryData<string?, HttpStatusCode, HttpStatusCode> MembersOnlyGroup => new()
    {
        // who (null: not signed in), reading the thread, posting in it
        { null, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized },
        { DemoUsers.Outsider, HttpStatusCode.NotFound, HttpStatusCode.NotFound },
        { DemoUsers.Researcher, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { DemoUsers.Cso, HttpStatusCode.OK, HttpStatusCode.Created },
        { DemoUsers.Facilitator, HttpStatusCode.OK, HttpStatusCode.Created },
        { DemoUsers.Admin, HttpStatusCode.OK, HttpStatusCode.Forbidden },
    };

    public static TheoryData<string?, HttpStatusCode, HttpStatusCode> PublicGroup => new()
    {
        { null, HttpStatusCode.OK, HttpStatusCode.Unauthorized },
        { DemoUsers.Outsider, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { DemoUsers.Researcher, HttpStatusCode.OK, HttpStatusCode.Forbidden },
        { DemoUsers.Cso, HttpStatusCode.OK, HttpStatusCode.Created },
        { DemoUsers.Facilitator, HttpStatusCode.OK, HttpStatusCode.Created },
        { DemoUsers.Admin, HttpStatusCode.OK, HttpStatusCode.Forbidden },
    };

    [SkippableTheory]
    [MemberData(nameof(MembersOnlyGroup))]
    public Task In_a_members_only_group_each_role_reads_and_posts_as_allowed(string? user, HttpStatusCode read, HttpStatusCode post) =>
        CheckAsync("members", user, read, post);

    [SkippableTheory]
    [MemberData(nameof(PublicGroup))]
    public Task In_a_public_group_each_role_reads_and_posts_as_allowed(string? user, HttpStatusCode read, HttpStatusCode post) =>
        CheckAsync("public", user, read, post);

    private async Task CheckAsync(string visibility, string? user, HttpStatusCode read, HttpStatusCode post)
    {
        var scene = await App.NewSceneAsync(visibility);
        using var client = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        using var thread = await client.GetAsync($"/api/v1/threads/{scene.Thread.Id}");
        using var messages = await client.GetAsync($"/api/v1/threads/{scene.Thread.Id}/messages");
        using var list = await client.GetAsync($"/api/v1/groups/{scene.Group.Id}/threads");
        using var posted = await client.SendMessageAsync(scene.Thread.Id, "Can I post?");

        foreach (var response in new[] { thread, messages, list })
        {
            if (read == HttpStatusCode.OK)
            {
                await response.AssertStatusAsync(HttpStatusCode.OK);
            }
            else
            {
                Assert.DoesNotContain(scene.Thread.Title, (await response.ReadProblemAsync(read)).Body, StringComparison.Ordinal);
            }
        }
        if (post == HttpStatusCode.Created)
        {
            await posted.AssertStatusAsync(HttpStatusCode.Created);
        }
        else
        {
            Assert.DoesNotContain(scene.Thread.Title, (await posted.ReadProblemAsync(post)).Body, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Member_removed_from_the_group_can_no_longer_read_or_post_and_gets_404()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Before I leave.");

        await (await facilitator.DeleteAsync($"/api/v1/groups/{scene.Group.Id}/members/{await App.UserIdAsync(DemoUsers.Cso)}")).AssertStatusAsync(HttpStatusCode.NoContent);

        await (await cso.GetAsync($"/api/v1/threads/{scene.Thread.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await cso.GetAsync($"/api/v1/threads/{scene.Thread.Id}/messages")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await cso.SendMessageAsync(scene.Thread.Id, "After I left.")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await cso.DeleteAsync($"/api/v1/messages/{message.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await cso.PutAsync($"/api/v1/messages/{message.Id}/reactions/agree", null)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, (await facilitator.MessagesAsync(scene.Thread.Id)).Count);
    }

    [SkippableFact]
    public async Task Member_demoted_to_observer_reads_but_may_no_longer_post()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await cso.PostMessageAsync(scene.Thread.Id, "While a member.");

        using var demoted = await facilitator.PatchAsync($"/api/v1/groups/{scene.Group.Id}/members/{await App.UserIdAsync(DemoUsers.Cso)}",
            System.Net.Http.Json.JsonContent.Create(new { role = "observer" }));
        await demoted.AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.Equal(2, (await cso.MessagesAsync(scene.Thread.Id)).Count);
        await (await cso.SendMessageAsync(scene.Thread.Id, "As an observer.")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Members_of_one_group_do_not_read_the_threads_of_another_members_only_group()
    {
        var scene = await App.NewSceneAsync();
        var otherGroup = await App.CreateGroupAsync("members", (DemoUsers.Business, "member"));
        using var business = await App.ClientForAsync(DemoUsers.Business);

        await (await business.GetAsync($"/api/v1/threads/{scene.Thread.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await business.GetAsync($"/api/v1/groups/{otherGroup.Id}/threads")).ReadJsonAsync<List<ThreadJson>>());
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class PermissionTestsOnSqlite(SqliteFixture fixture) : PermissionTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class PermissionTestsOnPostgres(PostgresFixture fixture) : PermissionTests(fixture);
