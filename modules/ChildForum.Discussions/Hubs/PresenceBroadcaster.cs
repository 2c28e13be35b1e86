using System.Collections.Concurrent;
using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;

namespace ChildForum.Discussions.Hubs;

/// <summary>Sends PresenceChanged for a thread at most once per <see cref="Interval"/>, and only when the list of people
/// changed. When a thousand people open a thread at once this is a handful of broadcasts instead of a million messages
/// (each join would otherwise send the whole list to everyone already there).</summary>
public sealed class PresenceBroadcaster(IPresenceStore shared, IHubContext<DiscussionHub, IDiscussionClient> hub, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private sealed class State
    {
        public int Pending;
        public string LastSent = "";
    }

    private readonly ConcurrentDictionary<int, State> _threads = new();

    public void Changed(int threadId)
    {
        var state = _threads.GetOrAdd(threadId, _ => new State());
        if (Interlocked.Exchange(ref state.Pending, 1) == 0)
        {
            _ = SendLaterAsync(threadId, state);
        }
    }

    private async Task SendLaterAsync(int threadId, State state)
    {
        try
        {
            await Task.Delay(Interval, clock);
            Interlocked.Exchange(ref state.Pending, 0);
            var users = await shared.UsersInAsync(threadId);
            var signature = string.Join('\n', users.Select(u => u.Id));
            if (signature == state.LastSent)
            {
                return;
            }
            state.LastSent = signature;
            await hub.Clients.Group(DiscussionHub.ThreadGroup(threadId)).PresenceChanged(new PresenceDto(threadId, users));
        }
        catch (Exception)
        {
            // Presence is a courtesy; the next change sends it again.
            Interlocked.Exchange(ref state.Pending, 0);
        }
    }
}
