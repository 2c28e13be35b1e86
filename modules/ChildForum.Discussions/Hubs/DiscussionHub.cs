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

namespace ChildForum.Discussions.Hubs;

/// <summary><c>/hubs/discussion</c>: the contract's methods and events. The hub checks the same group
/// permissions as the HTTP API through <see cref="DiscussionService"/>; the caller is <c>Context.User</c>.</summary>
[Authorize]
public sealed class DiscussionHub(DiscussionService discussions, PresenceTracker presence, TimeProvider clock, IStringLocalizer<DiscussionsResource> t) : Hub<IDiscussionClient>
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
        presence.Join(Context.ConnectionId, me, threadId);
        var users = presence.UsersIn(threadId);
        await Clients.Group(DiscussionService.HubGroup(threadId)).PresenceChanged(new PresenceDto(threadId, users));
        return new JoinResultDto(threadId, access.Value!.Thread.LastSeq, users);
    }

    public async Task LeaveThread(int threadId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, DiscussionService.HubGroup(threadId));
        if (presence.Leave(Context.ConnectionId, threadId))
        {
            await Clients.Group(DiscussionService.HubGroup(threadId)).PresenceChanged(new PresenceDto(threadId, presence.UsersIn(threadId)));
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
            await Clients.Group(DiscussionService.HubGroup(threadId)).PresenceChanged(new PresenceDto(threadId, presence.UsersIn(threadId)));
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

/// <summary>Drops a removed member's live connections from the threads of that group at once.</summary>
public sealed class HubMembershipListener(PresenceTracker presence, IHubContext<DiscussionHub, IDiscussionClient> hub, IServiceScopeFactory scopes) : IGroupMembershipListener
{
    public async Task MemberRemovedAsync(int groupId, string userId, CancellationToken cancellationToken)
    {
        var connections = presence.ConnectionsOf(userId);
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
                await hub.Clients.Client(connectionId).ThreadAccessRevoked(threadId);
            }
            await hub.Clients.Group(DiscussionService.HubGroup(threadId)).PresenceChanged(new PresenceDto(threadId, presence.UsersIn(threadId)));
        }
    }
}

/// <summary>Updates the bell of a person's open thread pages.</summary>
public sealed class HubNotificationPush(IHubContext<DiscussionHub, IDiscussionClient> hub) : Core.Notifications.INotificationPush
{
    public Task PushAsync(string userId, int unreadCount, CancellationToken cancellationToken) =>
        hub.Clients.User(userId).NotificationCountChanged(new NotificationCountDto(unreadCount));
}
