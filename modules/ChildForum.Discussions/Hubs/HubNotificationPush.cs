using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;

namespace ChildForum.Discussions.Hubs;

/// <summary>Updates the bell of a person's open thread pages.</summary>
public sealed class HubNotificationPush(IHubContext<DiscussionHub, IDiscussionClient> hub) : Core.Notifications.INotificationPush
{
    public Task PushAsync(string userId, int unreadCount, CancellationToken cancellationToken) =>
        hub.Clients.User(userId).NotificationCountChanged(new NotificationCountDto(unreadCount));
}
