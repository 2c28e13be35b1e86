using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace ChildForum.Discussions.Hubs;

/// <summary>This node's live hub connections, by person, so that a person's connections can be closed when their
/// sessions end and their number limited (<see cref="DiscussionsOptions.MaxConnectionsPerPerson"/>).</summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, Dictionary<string, HubCallerContext>> _byUser = new();
    private readonly ConcurrentDictionary<string, HubCallerContext> _byConnection = new();
    private readonly ConcurrentDictionary<string, byte> _ended = new();

    /// <summary>Adds the connection unless its person already has <paramref name="max"/> on this node.</summary>
    public bool TryAdd(HubCallerContext context, int max)
    {
        var connections = _byUser.GetOrAdd(context.UserIdentifier!, _ => []);
        lock (connections)
        {
            if (connections.Count >= max)
            {
                return false;
            }
            connections[context.ConnectionId] = context;
        }
        _byConnection[context.ConnectionId] = context;
        return true;
    }

    public void Remove(HubCallerContext context)
    {
        _byConnection.TryRemove(context.ConnectionId, out _);
        _ended.TryRemove(context.ConnectionId, out _);
        if (context.UserIdentifier is { } userId && _byUser.TryGetValue(userId, out var connections))
        {
            lock (connections)
            {
                // The emptied entry stays: removing it could orphan a connection that TryAdd is adding at this moment,
                // which EndSessions would then not find.
                connections.Remove(context.ConnectionId);
            }
        }
    }

    public HubCallerContext? Find(string connectionId) => _byConnection.GetValueOrDefault(connectionId);

    /// <summary>Closes every connection of the person on this node; an invocation already under way is refused by
    /// <see cref="SessionHubFilter"/> because the connection is marked as ended first.</summary>
    public int EndSessions(string userId)
    {
        if (!_byUser.TryGetValue(userId, out var connections))
        {
            return 0;
        }
        List<HubCallerContext> ending;
        lock (connections)
        {
            ending = [.. connections.Values];
        }
        foreach (var context in ending)
        {
            _ended[context.ConnectionId] = 0;
            context.Abort();
        }
        return ending.Count;
    }

    public bool HasEnded(string connectionId) => _ended.ContainsKey(connectionId);
}
