using ChildForum.Core.Data;
using ChildForum.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Core.Notifications;

/// <summary>An in-app notification (a mention, a published agenda …). No mail is sent.</summary>
public sealed class Notification
{
    public const int TextMaxLength = 500;

    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    /// <summary>The text in English when it was made (see <see cref="Template"/>).</summary>
    public required string Text { get; set; }
    /// <summary>The English template the text was made from, also its key in the module's translations; shown in the
    /// reader's language with <see cref="Arguments"/> (<see cref="NoticeTexts"/>). Null for notifications made
    /// before templates were kept.</summary>
    public string? Template { get; set; }
    /// <summary>The template's arguments (<see cref="NoticeText.ArgumentsJson"/>): what people wrote, and the module's phrases.</summary>
    public string? Arguments { get; set; }
    public required string Url { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

public static class NotificationTexts
{
    /// <summary>The notification in the language of the request, no longer than a stored text.</summary>
    public static string Show(this NoticeTexts texts, Notification notification) =>
        StoredText.Shorten(texts.Show(notification.Template, notification.Arguments, notification.Text), Notification.TextMaxLength);
}

/// <summary>Pushes a notification to a person who is connected right now (the bell updates live).
/// Modules with a hub implement it; several may be registered.</summary>
public interface INotificationPush
{
    Task PushAsync(string userId, int unreadCount, CancellationToken cancellationToken);
}

/// <summary>Creates notifications in the current unit of work and, after saving, pushes the new counts.</summary>
public sealed class Notifier(ForumDbContext db, IEnumerable<INotificationPush> pushes, TimeProvider clock)
{
    public void Add(string userId, string kind, NoticeText text, string url) =>
        db.Notifications.Add(new Notification
        {
            UserId = userId,
            Kind = kind,
            Text = StoredText.Shorten(text.English, Notification.TextMaxLength),
            Template = text.Template.Length > Notification.TextMaxLength ? null : text.Template,
            Arguments = text.ArgumentsJson,
            Url = url,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });

    /// <summary>The unread count, asked on every signed-in page (the bell). A compiled query: EF Core skips building the
    /// query's cache key and extracting its parameters, which perf showed to be the dearest part of a page's small queries.</summary>
    public Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken) => UnreadCount.For(db)(db, userId, cancellationToken);

    private static readonly PerModel<Func<ForumDbContext, string, CancellationToken, Task<int>>> UnreadCount = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, string userId, CancellationToken cancellationToken) => db.Set<Notification>().Count(n => n.UserId == userId && n.ReadAt == null)));

    /// <summary>Tells the people's open pages their new unread count. Call after SaveChanges.</summary>
    public async Task PushCountsAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        foreach (var userId in userIds.Distinct())
        {
            var count = await UnreadCountAsync(userId, cancellationToken);
            foreach (var push in pushes)
            {
                await push.PushAsync(userId, count, cancellationToken);
            }
        }
    }
}
