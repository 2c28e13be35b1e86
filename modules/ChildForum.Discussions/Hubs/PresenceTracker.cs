using System.Collections.Concurrent;
using ChildForum.Discussions.Models;

namespace ChildForum.Discussions.Hubs;

/// <summary>Who has which thread open on this web node: connection → (user, threads). Presence and the
/// dropping of a removed member's connections both read it. With several nodes each knows its own
/// connections; see docs/architecture.md.</summary>
public sealed class PresenceTracker
{
    private sealed record Entry(PresenceUserDto User, bool IsAdministrator, ConcurrentDictionary<int, int> Threads);

    private readonly ConcurrentDictionary<string, Entry> _connections = new();
    private readonly ConcurrentDictionary<string, DateTime> _lastTyping = new();

    public void Join(string connectionId, PresenceUserDto user, bool isAdministrator, int threadId) =>
        _connections.GetOrAdd(connectionId, _ => new Entry(user, isAdministrator, new ConcurrentDictionary<int, int>())).Threads[threadId] = 0;

    public bool Leave(string connectionId, int threadId) =>
        _connections.TryGetValue(connectionId, out var entry) && entry.Threads.TryRemove(threadId, out _);

    public bool IsIn(string connectionId, int threadId) =>
        _connections.TryGetValue(connectionId, out var entry) && entry.Threads.ContainsKey(threadId);

    /// <summary>Forgets a closed connection and returns the threads it had open.</summary>
    public IReadOnlyList<int> Disconnect(string connectionId)
    {
        _lastTyping.TryRemove(connectionId, out _);
        return _connections.TryRemove(connectionId, out var entry) ? [.. entry.Threads.Keys] : [];
    }

    public IReadOnlyList<PresenceUserDto> UsersIn(int threadId) =>
        _connections.Values.Where(e => e.Threads.ContainsKey(threadId)).Select(e => e.User).DistinctBy(u => u.Id).OrderBy(u => u.DisplayName, StringComparer.CurrentCulture).ToList();

    /// <summary>This node's connections with their users and threads.</summary>
    public IReadOnlyList<(string ConnectionId, PresenceUserDto User, IReadOnlyList<int> Threads)> Snapshot() =>
        _connections.Select(c => (c.Key, c.Value.User, (IReadOnlyList<int>)[.. c.Value.Threads.Keys])).ToList();

    /// <summary>Every connection with its user and threads.</summary>
    public IReadOnlyList<(string ConnectionId, string UserId, bool IsAdministrator, IReadOnlyList<int> Threads)> All() =>
        _connections.Select(c => (c.Key, c.Value.User.Id, c.Value.IsAdministrator, (IReadOnlyList<int>)[.. c.Value.Threads.Keys])).ToList();

    /// <summary>The user's connections and the threads each has open.</summary>
    public IReadOnlyList<(string ConnectionId, IReadOnlyList<int> Threads)> ConnectionsOf(string userId) =>
        _connections.Where(c => c.Value.User.Id == userId).Select(c => (c.Key, (IReadOnlyList<int>)[.. c.Value.Threads.Keys])).ToList();

    /// <summary>True at most once a second per connection, so that typing indicators do not flood the thread.</summary>
    public bool ShouldRelayTyping(string connectionId, DateTime now)
    {
        var last = _lastTyping.GetOrAdd(connectionId, DateTime.MinValue);
        if (now - last < TimeSpan.FromSeconds(1))
        {
            return false;
        }
        _lastTyping[connectionId] = now;
        return true;
    }
}
