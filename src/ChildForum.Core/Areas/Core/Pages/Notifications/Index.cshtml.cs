using ChildForum.Core.Data;
using ChildForum.Core.Notifications;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Core.Areas.Core.Pages.Notifications;

/// <summary>The signed-in person's notifications, newest first; opening the page does not mark them read,
/// following one or "mark all as read" does.</summary>
[Authorize]
public sealed class IndexModel(ForumDbContext db, Notifier notifier, AccessRule access, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.GetUserId();
        var items = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(100).ToListAsync(cancellationToken);
        // A group the person may no longer read (removed, or the group closed) shows nothing of its own.
        var readable = (await access.ReadableGroupsAsync(User, cancellationToken)).Select(g => NotificationsMembershipListener.GroupUrlPrefix(g.Slug)).ToList();
        Items = items.Where(n => !n.Url.StartsWith("/groups/", StringComparison.Ordinal) || readable.Any(prefix => n.Url.StartsWith(prefix, StringComparison.Ordinal))).ToList();
    }

    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken cancellationToken)
    {
        var userId = User.GetUserId()!;
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return NotFound();
        }
        notification.ReadAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync([userId], cancellationToken);
        return LocalRedirect(Url.IsLocalUrl(notification.Url) ? notification.Url : "/");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        var userId = User.GetUserId()!;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        await notifier.PushCountsAsync([userId], cancellationToken);
        return RedirectToPage();
    }
}
