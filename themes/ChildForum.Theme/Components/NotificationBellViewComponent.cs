using ChildForum.Core.Notifications;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Theme.Components;

/// <summary>The bell in the header: unread notifications; pages with a live connection update the number.</summary>
public sealed class NotificationBellViewComponent(Notifier notifier) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(UserClaimsPrincipal.GetUserId() is { } userId ? await notifier.UnreadCountAsync(userId, HttpContext.RequestAborted) : 0);
}
