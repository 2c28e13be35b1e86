using ChildForum.Core.Identity;
using ChildForum.Discussions.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Hubs;

/// <summary>Every hub call is checked against the account as it is now: a connection whose sessions ended (account
/// locked, password changed, administrator role removed) cannot read or post, even when the call raced the closing of
/// the connection. The security stamp is the one the bearer tokens are checked against (cached briefly, forgotten on
/// every node when sessions end).</summary>
public sealed class SessionHubFilter(HubConnections connections, SessionValidator sessions, IStringLocalizer<DiscussionsResource> t) : IHubFilter
{
    public const string EndedSentence = "Your session has ended: sign in again.";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        await EnsureCurrentAsync(invocationContext.Context, invocationContext.ServiceProvider);
        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await EnsureCurrentAsync(context.Context, context.ServiceProvider);
        await next(context);
    }

    private async Task EnsureCurrentAsync(HubCallerContext context, IServiceProvider services)
    {
        if (connections.HasEnded(context.ConnectionId)
            || context.UserIdentifier is null
            || !await sessions.IsCurrentAsync(context.User!, services))
        {
            // Not aborted here: the caller is to read the sentence. Every later call is refused the same way, and the
            // sessions-ended event closes the connection.
            throw new HubException(t[EndedSentence]);
        }
    }
}
