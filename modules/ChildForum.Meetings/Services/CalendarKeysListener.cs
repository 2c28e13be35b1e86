using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>When a person's sessions end (locked, administrator role taken away, password changed or reset), their
/// calendar-feed key is deleted: calendar apps that used it get 404 from then on, and the person makes a new one after
/// signing in again. Runs on every web node; deleting twice is harmless.</summary>
public sealed class CalendarKeysListener(ForumDbContext db) : IUserAccessListener
{
    public Task SessionsEndedAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<CalendarFeedKey>().Where(k => k.UserId == userId).ExecuteDeleteAsync(cancellationToken);
}
