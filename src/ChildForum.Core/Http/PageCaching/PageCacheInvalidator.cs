using ChildForum.Core.Cluster;
using ChildForum.Core.Data;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>Moves the page cache to a new generation (<see cref="PageCacheGeneration"/>) on every web node each time a
/// change that pages may show is committed (<see cref="CommittedWrites"/> tells it). Writes to the tables in
/// <see cref="Unseen"/> are not shown on any page to someone not signed in and do not count.</summary>
public sealed class PageCacheInvalidator(PageCacheGeneration generation, IClusterBus cluster) : ICommittedWriteWatcher
{
    public const string Topic = "page-cache";

    /// <summary>Tables whose rows no page shows to a visitor who is not signed in: queues, keys, per-person settings and
    /// notifications, unpublished minutes drafts, extracted text, and the audit log.</summary>
    private static readonly HashSet<string> Unseen = new(StringComparer.Ordinal)
    {
        "AuditEntries", "DataProtectionKeys", "SearchOutbox", "OutgoingMails", "Notifications", "NotificationSettings",
        "GroupNotificationSettings", "MailOptOuts", "CalendarFeedKeys", "Archives", "DocumentVersionTexts",
        "MeetingMinutesDrafts", "AspNetUserTokens", "AspNetUserLogins", "AspNetUserClaims", "__EFMigrationsHistory",
    };

    /// <summary>Whether <paramref name="sql"/> writes a table that pages may show.</summary>
    public static bool ChangesPages(string sql) => CommittedWrites.Writes(sql).Any(write => !Unseen.Contains(write.Table));

    public bool Watches(TableWrite write) => !Unseen.Contains(write.Table);

    /// <summary>This node first, at once; then every node through the cluster bus, which waits until each has moved on.
    /// Without Redis this node is the site, and the bus is not asked.</summary>
    public async ValueTask CommittedAsync(CancellationToken cancellationToken)
    {
        await generation.AdvanceAsync(CancellationToken.None);
        if (cluster is not LocalClusterBus)
        {
            await cluster.PublishAsync(Topic, "", cancellationToken);
        }
    }
}
