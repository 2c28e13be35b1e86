using System.Globalization;
using ChildForum.Core.Cluster;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Discussions.Hubs;

/// <summary>Takes this node's live connections out of the threads of a group their person may no longer read (asked of
/// <see cref="AccessRule"/> with the connection's own user), and tells them with <c>ThreadAccessRevoked</c>.</summary>
public sealed class LocalRevocation(PresenceTracker presence, IPresenceStore shared, PresenceBroadcaster broadcaster, HubConnections connections,
    IHubContext<DiscussionHub, IDiscussionClient> hub, IServiceScopeFactory scopes)
{
    /// <summary>After a removal (<paramref name="userId"/>) or the closing of the group (null: everyone is checked).</summary>
    public async Task RevokeAsync(int groupId, string? userId, CancellationToken cancellationToken)
    {
        var candidates = presence.All().Where(c => userId is null || c.UserId == userId).ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var rule = scope.ServiceProvider.GetRequiredService<AccessRule>();
        var threadIds = candidates.SelectMany(c => c.Threads).Distinct().ToList();
        var inGroup = (await db.Set<DiscussionThread>().Where(x => threadIds.Contains(x.Id) && x.GroupId == groupId).Select(x => x.Id).ToListAsync(cancellationToken)).ToHashSet();
        var mayRead = new Dictionary<string, bool>();
        var changed = new HashSet<int>();
        foreach (var (connectionId, connectionUserId, threads) in candidates.Where(c => c.Threads.Any(inGroup.Contains)))
        {
            if (!mayRead.TryGetValue(connectionUserId, out var allowed))
            {
                var user = connections.Find(connectionId)?.User;
                allowed = user is not null && (await rule.CheckAsync(user, groupId, GroupPermissions.Read, cancellationToken)).Allowed;
                mayRead[connectionUserId] = allowed;
            }
            if (allowed)
            {
                continue;
            }
            foreach (var threadId in threads.Where(inGroup.Contains))
            {
                await hub.Groups.RemoveFromGroupAsync(connectionId, DiscussionHub.ThreadGroup(threadId), cancellationToken);
                presence.Leave(connectionId, threadId);
                await shared.RemoveAsync(threadId, connectionId);
                await hub.Clients.Client(connectionId).ThreadAccessRevoked(threadId);
                changed.Add(threadId);
            }
        }
        foreach (var threadId in changed)
        {
            broadcaster.Changed(threadId);
        }
    }
}

/// <summary>A member removed from a group, or a group closed: every web node drops the connections that lost the
/// group's threads before the API answers (<see cref="IClusterBus"/> waits for each node).</summary>
public sealed class HubMembershipListener(IClusterBus bus) : IGroupMembershipListener
{
    public Task MemberRemovedAsync(int groupId, string userId, CancellationToken cancellationToken) =>
        bus.PublishAsync(GroupAccessChangedHandler.Topic, GroupAccessChangedHandler.Payload(groupId, userId), cancellationToken);

    public Task GroupClosedAsync(int groupId, CancellationToken cancellationToken) =>
        bus.PublishAsync(GroupAccessChangedHandler.Topic, GroupAccessChangedHandler.Payload(groupId, null), cancellationToken);
}

/// <summary>On each node: <c>groupId|userId</c>, an empty user meaning everyone (the group was closed).</summary>
public sealed class GroupAccessChangedHandler(LocalRevocation local) : IClusterEventHandler
{
    public const string Topic = "discussions-group-access-changed";

    public static string Payload(int groupId, string? userId) => $"{groupId.ToString(CultureInfo.InvariantCulture)}|{userId}";

    string IClusterEventHandler.Topic => Topic;

    public Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split('|', 2);
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var groupId)
            ? local.RevokeAsync(groupId, parts[1].Length == 0 ? null : parts[1], cancellationToken)
            : Task.CompletedTask;
    }
}

/// <summary>A person's sessions ended (locked, password changed, administrator role removed): their live connections on
/// this node are closed at once; <see cref="SessionHubFilter"/> refuses any call that was already under way.</summary>
public sealed class HubSessionsListener(HubConnections connections) : IUserAccessListener
{
    public Task SessionsEndedAsync(string userId, CancellationToken cancellationToken)
    {
        connections.EndSessions(userId);
        return Task.CompletedTask;
    }
}
