using ChildForum.Core.Identity;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Discussions.Tests.Hubs;

/// <summary>Issue 10, finding 4: an account locked while its live connection was open went on posting. Sessions now end
/// when access ends: the connection is closed, and every hub call is checked against the account as it is now.</summary>
public abstract class SessionEndTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private async Task<(TestUser Person, Scene Scene, LiveClient Live)> ConnectedMemberAsync()
    {
        var person = await App.CreateUserAsync();
        var scene = await App.NewSceneAsync();
        await App.AddMembershipAsync(scene.Group.Id, person.Email, "member");
        var live = await LiveClient.ConnectAsync(App, person.Email, person.Password);
        await live.JoinAsync(scene.Thread.Id);
        // The person can post before anything changes.
        await live.SendAsync(scene.Thread.Id, "Before the lock " + Unique.Suffix());
        return (person, scene, live);
    }

    /// <summary>What an administrator's lock does: lockout, a new security stamp, then the sessions ended everywhere.</summary>
    internal static async Task LockAsync(ForumAppFactory app, string userId, bool endSessions = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var account = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("No such user.");
        await users.SetLockoutEndDateAsync(account, DateTimeOffset.UtcNow.AddYears(1));
        await users.UpdateSecurityStampAsync(account);
        if (endSessions)
        {
            await scope.ServiceProvider.GetRequiredService<SessionRevocation>().EndSessionsAsync(userId);
        }
    }

    internal static Task<int> StoredAsync(ForumAppFactory app, string body) =>
        app.QueryDatabaseAsync(db => db.Set<ChildForum.Discussions.Models.Message>().CountAsync(m => m.Body == body));

    [SkippableFact]
    public async Task Locked_person_has_the_open_connection_closed_and_cannot_post_through_it()
    {
        var (person, scene, live) = await ConnectedMemberAsync();
        await using var _ = live;
        await using var other = await LiveClient.ConnectAsync(App, DemoUsers.Official);
        await other.JoinAsync(scene.Thread.Id);

        await LockAsync(App, person.Id);

        await live.WaitUntilClosedAsync("the account was locked");
        var body = "After the lock " + Unique.Suffix();
        await Assert.ThrowsAnyAsync<Exception>(() => live.SendAsync(scene.Thread.Id, body));
        Assert.Equal(0, await StoredAsync(App, body));
        var proof = "Still open for the others " + Unique.Suffix();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.PostMessageAsync(scene.Thread.Id, proof);
        await other.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == proof);
        Assert.DoesNotContain(other.Received<MessageJson>(LiveClient.MessagePosted), m => m.Body == body);
    }

    [SkippableFact]
    public async Task A_hub_call_after_the_account_changed_is_refused_even_before_the_connection_is_closed()
    {
        var (person, scene, live) = await ConnectedMemberAsync();
        await using var _ = live;
        // The stamp changes and this node forgets what it cached, but nobody has closed the connection yet: the race
        // between a lock and a message already on its way.
        await LockAsync(App, person.Id, endSessions: false);
        App.Services.GetRequiredService<SessionValidator>().Forget(person.Id);
        var body = "Raced the lock " + Unique.Suffix();

        var refused = await Assert.ThrowsAsync<HubException>(() => live.SendAsync(scene.Thread.Id, body));

        Assert.Contains("session has ended", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(App, body));
        // Reading is refused as well.
        await Assert.ThrowsAsync<HubException>(() => live.JoinAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task Sessions_ending_closes_every_connection_of_that_person_and_no_one_elses()
    {
        var (person, scene, first) = await ConnectedMemberAsync();
        await using var _ = first;
        await using var second = await LiveClient.ConnectAsync(App, person.Email, person.Password);
        await using var bystander = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await bystander.JoinAsync(scene.Thread.Id);

        await LockAsync(App, person.Id);

        await first.WaitUntilClosedAsync();
        await second.WaitUntilClosedAsync();
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, bystander.Connection.State);
        await bystander.SendAsync(scene.Thread.Id, "Still here " + Unique.Suffix());
    }
}

[Collection(SqliteLiveFixture.Collection)]
public sealed class SessionEndTestsOnSqlite(SqliteLiveFixture fixture) : SessionEndTests(fixture);

[Collection(PostgresLiveFixture.Collection)]
public sealed class SessionEndTestsOnPostgres(PostgresLiveFixture fixture) : SessionEndTests(fixture);
