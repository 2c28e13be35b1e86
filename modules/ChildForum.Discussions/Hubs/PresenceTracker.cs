using System.Collections.Concurrent;
using ChildForum.Discussions.Models;

namespace ChildForum.Discussions.Hubs;

/// <summary>Who has which thread open on this web node: connection → (user, threads). Presence and the
/// dropping of a removed member's connections both read it. With several nodes each knows its own
/// connections; see docs/architecture.md.</summary>
public sealed class PresenceTracker
{
    private sealed record Entry(PresenceUserDto User, ConcurrentDictionary<int, int> Threads);

    private readonly ConcurrentDictionary<string, Entry> _connections = new();
    private readonly ConcurrentDictionary<string, DateTime> _lastTyping = new();

    /// <summary>Adds the thread to the connection's, unless it already has <paramref name="maxThreads"/> others open.</summary>
    public bool Join(string connectionId, PresenceUserDto user, int threadId, int maxThreads)
    {
        var threads = _connections.GetOrAdd(connectionId, _ => new Entry(user, new ConcurrentDictionary<int, int>())).Threads;
        lock (threads)
        {
            if (!threads.ContainsKey(threadId) && threads.Count >= maxThreads)
            {
                return false;
            }
            threads[threadId] = 0;
            return true;
        }
    }

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
    public IReadOnlyList<(string ConnectionId, string UserId, IReadOnlyList<int> Threads)> All() =>
        _connections.Select(c => (c.Key, c.Value.User.Id, (IReadOnlyList<int>)[.. c.Value.Threads.Keys])).ToList();

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
