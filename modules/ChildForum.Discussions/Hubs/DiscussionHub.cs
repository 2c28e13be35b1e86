using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Authorization;
using ChildForum.Core.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace ChildForum.Discussions.Hubs;

/// <summary><c>/hubs/discussion</c>: the contract's methods and events. The hub checks the same group
/// permissions as the HTTP API through <see cref="DiscussionService"/>; the caller is <c>Context.User</c>.</summary>
[Authorize]
public sealed class DiscussionHub(DiscussionService discussions, PresenceTracker presence, IPresenceStore shared, PresenceBroadcaster broadcaster, TimeProvider clock, IStringLocalizer<DiscussionsResource> t) : Hub<IDiscussionClient>
{
    public async Task<JoinResultDto> JoinThread(int threadId)
    {
        var access = await discussions.AccessAsync(threadId, Context.User!, GroupPermissions.Read, Context.ConnectionAborted);
        if (!access.Succeeded)
        {
            throw new HubException(access.Describe(t));
        }
        var me = await CurrentUserAsync();
        await Groups.AddToGroupAsync(Context.ConnectionId, DiscussionService.HubGroup(threadId));
        presence.Join(Context.ConnectionId, me, Context.User!.IsAdministrator(), threadId);
        await shared.AddAsync(threadId, Context.ConnectionId, me);
        broadcaster.Changed(threadId);
        return new JoinResultDto(threadId, access.Value!.Thread.LastSeq, await shared.UsersInAsync(threadId));
    }

    public async Task LeaveThread(int threadId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, DiscussionService.HubGroup(threadId));
        if (presence.Leave(Context.ConnectionId, threadId))
        {
            await shared.RemoveAsync(threadId, Context.ConnectionId);
            broadcaster.Changed(threadId);
        }
    }

    public Task<MessageDto> SendMessage(int threadId, string body, string clientMessageId, long? replyToId) =>
        SendAsync(threadId, body, clientMessageId, replyToId, confirmPersonalData: false);

    /// <summary>As <see cref="SendMessage"/>, after the author has confirmed posting a phone number or e-mail address.</summary>
    public Task<MessageDto> SendConfirmedMessage(int threadId, string body, string clientMessageId, long? replyToId) =>
        SendAsync(threadId, body, clientMessageId, replyToId, confirmPersonalData: true);

    public async Task Typing(int threadId)
    {
        if (presence.IsIn(Context.ConnectionId, threadId) && presence.ShouldRelayTyping(Context.ConnectionId, clock.GetUtcNow().UtcDateTime))
        {
            await Clients.OthersInGroup(DiscussionService.HubGroup(threadId)).UserTyping(new TypingDto(threadId, await CurrentUserAsync()));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var threadId in presence.Disconnect(Context.ConnectionId))
        {
            await shared.RemoveAsync(threadId, Context.ConnectionId);
            broadcaster.Changed(threadId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    private async Task<MessageDto> SendAsync(int threadId, string body, string clientMessageId, long? replyToId, bool confirmPersonalData)
    {
        var outcome = await discussions.PostAsync(threadId, Context.User!, new PostMessageRequest(body, clientMessageId, replyToId, confirmPersonalData), Context.ConnectionAborted);
        return outcome.Succeeded ? outcome.Value! : throw new HubException(outcome.Describe(t));
    }

    private async Task<PresenceUserDto> CurrentUserAsync()
    {
        var id = Context.UserIdentifier!;
        var author = (await discussions.AuthorsAsync([id], Context.ConnectionAborted))[id];
        return new PresenceUserDto(author.Id, author.DisplayName, author.Organisation, author.StakeholderType);
    }
}

/// <summary>Drops a removed member's live connections on this node from the threads of that group.</summary>
public sealed class LocalRevocation(PresenceTracker presence, IPresenceStore shared, PresenceBroadcaster broadcaster, IHubContext<DiscussionHub, IDiscussionClient> hub, IServiceScopeFactory scopes)
{
    public Task RevokeAsync(int groupId, string userId, CancellationToken cancellationToken) =>
        RevokeWhereAsync(groupId, presence.ConnectionsOf(userId), cancellationToken);

    /// <summary>Drops every connection of someone who is neither a member of the group nor an administrator.</summary>
    public async Task RevokeNonMembersAsync(int groupId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var members = (await scope.ServiceProvider.GetRequiredService<IGroupAccessResolver>().GetMembersAsync(groupId, cancellationToken)).Select(m => m.UserId).ToHashSet();
        var outsiders = presence.All().Where(c => !c.IsAdministrator && !members.Contains(c.UserId)).Select(c => (c.ConnectionId, c.Threads)).ToList();
        await RevokeWhereAsync(groupId, outsiders, cancellationToken);
    }

    private async Task RevokeWhereAsync(int groupId, IReadOnlyList<(string ConnectionId, IReadOnlyList<int> Threads)> connections, CancellationToken cancellationToken)
    {
        if (connections.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var threadIds = connections.SelectMany(c => c.Threads).Distinct().ToList();
        var inGroup = await db.Set<DiscussionThread>().Where(x => threadIds.Contains(x.Id) && x.GroupId == groupId).Select(x => x.Id).ToListAsync(cancellationToken);
        foreach (var threadId in inGroup)
        {
            foreach (var (connectionId, _) in connections.Where(c => c.Threads.Contains(threadId)))
            {
                await hub.Groups.RemoveFromGroupAsync(connectionId, DiscussionService.HubGroup(threadId), cancellationToken);
                presence.Leave(connectionId, threadId);
                await shared.RemoveAsync(threadId, connectionId);
                await hub.Clients.Client(connectionId).ThreadAccessRevoked(threadId);
            }
            broadcaster.Changed(threadId);
        }
    }
}

/// <summary>A member removed from a group loses the live connections of every node at once: with Redis the removal is
/// published to all nodes (<see cref="RevocationBus"/>), otherwise this node is the only one.</summary>
public sealed class HubMembershipListener(LocalRevocation local, RevocationBus? bus = null) : IGroupMembershipListener
{
    public Task MemberRemovedAsync(int groupId, string userId, CancellationToken cancellationToken) =>
        bus is not null ? bus.PublishAsync(groupId, userId) : local.RevokeAsync(groupId, userId, cancellationToken);

    public Task GroupClosedAsync(int groupId, CancellationToken cancellationToken) =>
        bus is not null ? bus.PublishAsync(groupId, null) : local.RevokeNonMembersAsync(groupId, cancellationToken);
}

/// <summary>Redis pub/sub between web nodes for removals, next to the SignalR backplane. The caller waits until every
/// node has dropped the connections (each answers on an acknowledgement channel), so that "removed" means removed
/// everywhere before the API answers; a node that does not answer within a few seconds is not waited for.</summary>
public sealed class RevocationBus(string configuration, string prefix, LocalRevocation local, ILogger<RevocationBus> logger) : Microsoft.Extensions.Hosting.IHostedService, IDisposable
{
    private readonly StackExchange.Redis.RedisChannel _channel = StackExchange.Redis.RedisChannel.Literal(prefix + ":member-removed");
    private readonly StackExchange.Redis.RedisChannel _acknowledgements = StackExchange.Redis.RedisChannel.Literal(prefix + ":member-removed:ack");
    private static readonly TimeSpan AcknowledgementTimeout = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Pending> _pending = new();
    private StackExchange.Redis.ConnectionMultiplexer? _redis;

    /// <summary>Acknowledgements may arrive before PUBLISH has told how many nodes received the message.</summary>
    private sealed class Pending
    {
        private readonly Lock _gate = new();
        private long _acknowledged;
        private long? _expected;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Acknowledge()
        {
            lock (_gate)
            {
                _acknowledged++;
                Complete();
            }
        }

        public void Expect(long receivers)
        {
            lock (_gate)
            {
                _expected = receivers;
                Complete();
            }
        }

        private void Complete()
        {
            if (_expected is { } expected && _acknowledged >= expected)
            {
                Done.TrySetResult();
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(configuration);
        var subscriber = _redis.GetSubscriber();
        await subscriber.SubscribeAsync(_acknowledgements, (channel, value) =>
        {
            if (_pending.TryGetValue(value.ToString(), out var pending))
            {
                pending.Acknowledge();
            }
        });
        await subscriber.SubscribeAsync(_channel, (channel, value) =>
        {
            // id|groupId|userId; an empty userId means "everyone who is not a member" (the group was closed).
            var parts = value.ToString().Split('|', 3);
            if (parts.Length == 3 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var groupId))
            {
                _ = RevokeAndAcknowledgeAsync(parts[0], groupId, parts[2].Length == 0 ? null : parts[2]);
            }
        });
    }

    /// <summary>Tells every node (this one included) to drop a removed member, or with no user everyone who is not a
    /// member, and waits until they have.</summary>
    public async Task PublishAsync(int groupId, string? userId)
    {
        var id = Guid.NewGuid().ToString("N");
        var pending = new Pending();
        _pending[id] = pending;
        try
        {
            var receivers = _redis is null ? 0 : await _redis.GetSubscriber().PublishAsync(_channel, $"{id}|{groupId.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{userId}");
            if (receivers == 0)
            {
                await RevokeAsync(groupId, userId);
                return;
            }
            pending.Expect(receivers);
            await pending.Done.Task.WaitAsync(AcknowledgementTimeout);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Not every web node confirmed dropping the connections of {UserId} in group {GroupId} within {Timeout}", userId ?? "non-members", groupId, AcknowledgementTimeout);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task RevokeAndAcknowledgeAsync(string id, int groupId, string? userId)
    {
        await RevokeAsync(groupId, userId);
        try
        {
            await _redis!.GetSubscriber().PublishAsync(_acknowledgements, id);
        }
        catch (StackExchange.Redis.RedisException exception)
        {
            logger.LogWarning(exception, "Could not acknowledge a removal");
        }
    }

    private async Task RevokeAsync(int groupId, string? userId)
    {
        try
        {
            await (userId is null ? local.RevokeNonMembersAsync(groupId, CancellationToken.None) : local.RevokeAsync(groupId, userId, CancellationToken.None));
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not drop the connections of {UserId} from group {GroupId}", userId ?? "non-members", groupId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _redis?.Dispose();
}

/// <summary>Updates the bell of a person's open thread pages.</summary>
public sealed class HubNotificationPush(IHubContext<DiscussionHub, IDiscussionClient> hub) : Core.Notifications.INotificationPush
{
    public Task PushAsync(string userId, int unreadCount, CancellationToken cancellationToken) =>
        hub.Clients.User(userId).NotificationCountChanged(new NotificationCountDto(unreadCount));
}
