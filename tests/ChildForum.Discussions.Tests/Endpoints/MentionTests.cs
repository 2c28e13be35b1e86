using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>"@Display Name" of a group member gives that member an in-app notification.</summary>
public abstract class MentionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private sealed record NotificationRow(string Kind, string Text, string Url, DateTime? ReadAt);

    private Task<List<NotificationRow>> NotificationsAsync(string userId, int threadId) =>
        App.QueryDatabaseAsync(db => db.Notifications.Where(n => n.UserId == userId && n.Url.Contains($"/threads/{threadId}#"))
            .OrderBy(n => n.Id).Select(n => new NotificationRow(n.Kind, n.Text, n.Url, n.ReadAt)).ToListAsync());

    [SkippableFact]
    public async Task Mentioning_a_member_by_display_name_gives_them_an_unread_notification_that_links_to_the_message()
    {
        var scene = await App.NewSceneAsync();
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var csoId = await App.UserIdAsync(DemoUsers.Cso);

        var message = await official.PostMessageAsync(scene.Thread.Id, "What do you think, @Zhang Min?");

        var notification = Assert.Single(await NotificationsAsync(csoId, scene.Thread.Id));
        Assert.Equal(("mention", $"/groups/{scene.Group.Slug}/threads/{scene.Thread.Id}#m{message.Seq}", (DateTime?)null),
            (notification.Kind, notification.Url, notification.ReadAt));
        Assert.Contains("Wang Jun", notification.Text, StringComparison.Ordinal);
        Assert.Contains(scene.Thread.Title, notification.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Several_members_mentioned_in_one_message_are_each_notified_once()
    {
        var scene = await App.NewSceneAsync();
        using var official = await App.ClientForAsync(DemoUsers.Official);

        await official.PostMessageAsync(scene.Thread.Id, "@zhang min and @Dr. Chen Yu, and again @Zhang Min: please comment.");

        Assert.Single(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Cso), scene.Thread.Id));
        Assert.Single(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Researcher), scene.Thread.Id));
    }

    [SkippableFact]
    public async Task Mentioning_someone_outside_the_group_or_oneself_notifies_nobody()
    {
        var scene = await App.NewSceneAsync();
        using var official = await App.ClientForAsync(DemoUsers.Official);

        await official.PostMessageAsync(scene.Thread.Id, "Ask @Liu Fang and @Olga Outsider; I, @Wang Jun, will too.");

        Assert.Empty(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Business), scene.Thread.Id));
        Assert.Empty(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Outsider), scene.Thread.Id));
        Assert.Empty(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Official), scene.Thread.Id));
    }

    [SkippableFact]
    public async Task A_mention_in_the_first_message_of_a_new_thread_notifies_too()
    {
        var scene = await App.NewSceneAsync();
        using var official = await App.ClientForAsync(DemoUsers.Official);

        var thread = await official.StartThreadAsync(scene.Group.Id, body: "@Zhang Min, a new topic for you.");

        var notification = Assert.Single(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Cso), thread.Id));
        Assert.EndsWith($"/threads/{thread.Id}#m1", notification.Url, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_message_refused_by_the_safeguarding_check_notifies_nobody()
    {
        var scene = await App.NewSceneAsync();
        using var official = await App.ClientForAsync(DemoUsers.Official);

        using var refused = await official.SendMessageAsync(scene.Thread.Id, $"@Zhang Min the ID is {IdNumbers.Valid}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Empty(await NotificationsAsync(await App.UserIdAsync(DemoUsers.Cso), scene.Thread.Id));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class MentionTestsOnSqlite(SqliteFixture fixture) : MentionTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class MentionTestsOnPostgres(PostgresFixture fixture) : MentionTests(fixture);
