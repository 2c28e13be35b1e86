using ChildForum.Core.Cluster;
using ChildForum.Core.Security;

namespace ChildForum.Core.Identity;

/// <summary>Ends a person's sessions on every web node: call after the account's security stamp changed in the database
/// (locked, administrator role taken away, password changed or reset). Bearer tokens and cookies answer 401 from then on,
/// and every <see cref="IUserAccessListener"/> drops what it holds (live connections, calendar keys).</summary>
public sealed class SessionRevocation(IClusterBus bus)
{
    public const string Topic = "sessions-ended";

    public Task EndSessionsAsync(string userId, CancellationToken cancellationToken = default) =>
        bus.PublishAsync(Topic, userId, cancellationToken);
}

public sealed class SessionsEndedHandler(SessionValidator sessions, IEnumerable<IUserAccessListener> listeners) : IClusterEventHandler
{
    public string Topic => SessionRevocation.Topic;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        sessions.Forget(payload);
        foreach (var listener in listeners)
        {
            await listener.SessionsEndedAsync(payload, cancellationToken);
        }
    }
}
