using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Services.Digest;

/// <summary>The group news shared by the digests of one sender batch (<see cref="DigestNews"/>), per scope: the sender
/// hands each row's scope its batch's news; any other scope (a test, a preview) keeps news of its own.</summary>
public sealed class DigestBatch
{
    public DigestNews News { get; set; } = new();

    /// <summary>The news for a batch of rows: when two or more are digests, the groups their recipients read in digest
    /// mode are expected, so that each source loads them all with its first question.</summary>
    public static async Task<DigestNews> StartAsync(ForumDbContext db, IReadOnlyCollection<OutgoingMail> rows, CancellationToken cancellationToken)
    {
        var news = new DigestNews();
        var users = rows.Where(r => r.Kind == MailKinds.Digest).Select(r => r.UserId).Distinct().ToList();
        if (users.Count > 1)
        {
            news.Expect(await db.Set<GroupNotificationSetting>().AsNoTracking()
                .Where(g => users.Contains(g.UserId) && g.Mode == NotificationModes.Digest).Select(g => g.GroupId).Distinct().ToListAsync(cancellationToken));
        }
        return news;
    }
}
