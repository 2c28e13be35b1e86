using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Core.Notifications;

/// <summary>A person removed from a group keeps no notification of it: their titles ("Minutes published: …") would
/// go on showing what the person may no longer read, and count in the bell.</summary>
public sealed class NotificationsMembershipListener(ForumDbContext db, IGroupAccessResolver groups) : IGroupMembershipListener
{
    public async Task MemberRemovedAsync(int groupId, string userId, CancellationToken cancellationToken)
    {
        if (await groups.GetAsync(groupId, new ClaimsPrincipal(), cancellationToken) is { } group)
        {
            var prefix = GroupUrlPrefix(group.Slug);
            await db.Notifications.Where(n => n.UserId == userId && n.Url.StartsWith(prefix)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Only members are notified of a group's content, so closing a group leaves nobody's notifications readable by others.</summary>
    public Task GroupClosedAsync(int groupId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every notification of a group's content links under <c>/groups/{slug}/</c>.</summary>
    public static string GroupUrlPrefix(string slug) => $"/groups/{slug}/";
}
