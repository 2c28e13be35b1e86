using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Services.Digest;

/// <summary>Where the news of digests that never arrived begins. <see cref="NotificationSettings.LastDigestUntil"/> moves on
/// when a digest is queued, so a digest the sender gave up on (<see cref="OutgoingMailStatus.Failed"/>) would take its
/// period's news with it. The next digest therefore starts where the oldest of the person's latest failed digests started:
/// those queued after their last digest that was settled otherwise (sent, or withheld because there was nothing to send or
/// the person no longer takes mail). A digest that arrived is never covered again, so nobody reads the same news twice.
/// A digest still waiting for a retry counts as neither: with the sender's retry delays (minutes) it is settled long before
/// the next digest is due (<see cref="DigestSchedule.MinimumGap"/>).</summary>
public static class UndeliveredDigests
{
    /// <summary>For each of <paramref name="userIds"/> whose latest digests failed, the start of the oldest of their periods;
    /// digests queued more than <see cref="DigestSchedule.LongestPeriod"/> ago are past what one digest covers.</summary>
    public static async Task<Dictionary<string, DateTime>> StartsAsync(ForumDbContext db, IReadOnlyCollection<string> userIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var from = nowUtc - DigestSchedule.LongestPeriod;
        var settled = await db.Set<OutgoingMail>().AsNoTracking()
            .Where(m => userIds.Contains(m.UserId) && m.Kind == MailKinds.Digest && m.CreatedAt >= from
                        && (m.Status == OutgoingMailStatus.Sent || m.Status == OutgoingMailStatus.Withheld || m.Status == OutgoingMailStatus.Failed))
            .Select(m => new { m.Id, m.UserId, m.Status, m.Data })
            .ToListAsync(cancellationToken);
        var starts = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var person in settled.GroupBy(m => m.UserId))
        {
            var start = person.OrderByDescending(m => m.Id)
                .TakeWhile(m => m.Status == OutgoingMailStatus.Failed)
                .Select(m => DigestPeriod.Read(m.Data)?.SinceUtc)
                .Min();
            if (start is { } since)
            {
                starts[person.Key] = since;
            }
        }
        return starts;
    }
}
