using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Choices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Digest;

/// <summary>Queues the daily digests. Every <see cref="MailSchedule.Interval"/> it finds the people whose digest is due
/// (<see cref="DigestSchedule"/>): mail on, not unsubscribed from the digest, at least one group in <c>digest</c> mode, their
/// digest hour come in their time zone and their last digest more than <see cref="DigestSchedule.MinimumGap"/> ago. For each
/// it queues one <see cref="MailKinds.Digest"/> row (its text is composed at send time by <see cref="DigestComposer"/>) and
/// moves <see cref="NotificationSettings.LastDigestUntil"/> on, in one transaction per batch. Every web node runs it: the
/// move is a conditional update of the person's settings row (only the node whose update changes it queues the mail), so
/// two nodes never queue two digests for one person and day, without a lock or a schema of its own. A digest covers its
/// period from the last digest's end, or from further back when the person's latest digests failed
/// (<see cref="UndeliveredDigests"/>), so that news the sender could not deliver comes with the next one.</summary>
public sealed class DigestScheduler(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> mail,
    TimeProvider clock,
    ILogger<DigestScheduler> logger) : MailSchedule(mail, clock, logger)
{
    /// <summary>People handled in one transaction.</summary>
    public const int BatchSize = 200;

    protected override string What => "daily digests";

    /// <summary>Queues the digests due at <paramref name="nowUtc"/> and returns how many this call queued (a digest another
    /// node queued first is not counted). Nothing is queued while no SMTP server is configured.</summary>
    public override async Task<int> QueueDueAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return 0;
        }
        nowUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        List<DigestCandidate> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            candidates = await CandidatesAsync(scope.ServiceProvider.GetRequiredService<ForumDbContext>(), nowUtc, cancellationToken);
        }
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        var due = new List<DueDigest>();
        foreach (var candidate in candidates)
        {
            var zone = zones.TryGetValue(candidate.TimeZone, out var known) ? known : zones[candidate.TimeZone] = TimeZones.Find(candidate.TimeZone) ?? TimeZoneInfo.Utc;
            if (DigestSchedule.Due(nowUtc, candidate.DigestHour, zone, candidate.LastDigestUntil) is { } day)
            {
                due.Add(new DueDigest(candidate.UserId, candidate.HasSettings, day, DigestSchedule.Since(nowUtc, candidate.LastDigestUntil)));
            }
        }

        var queued = 0;
        foreach (var batch in due.Chunk(BatchSize))
        {
            queued += await QueueBatchAsync(batch, nowUtc, cancellationToken);
        }
        return queued;
    }

    /// <summary>Everyone who may be due, read in one query; the hour in each person's zone is checked afterwards.</summary>
    private static Task<List<DigestCandidate>> CandidatesAsync(ForumDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var cutoff = nowUtc - DigestSchedule.MinimumGap;
        var digestUsers = db.Set<GroupNotificationSetting>().Where(g => g.Mode == NotificationModes.Digest).Select(g => g.UserId).Distinct();
        var unsubscribed = db.Set<MailOptOut>().Where(o => o.GroupId == 0 && o.Kind == MailKinds.Digest).Select(o => o.UserId);
        var query =
            from userId in digestUsers
            join s in db.Set<NotificationSettings>() on userId equals s.UserId into settings
            from s in settings.DefaultIfEmpty()
            where !unsubscribed.Contains(userId)
                  && (s == null || (s.Enabled && (s.LastDigestUntil == null || s.LastDigestUntil < cutoff)))
            select new DigestCandidate(
                userId,
                s != null,
                s == null ? NotificationSettings.DefaultDigestHour : s.DigestHour,
                s == null ? "UTC" : s.TimeZone,
                s == null ? null : s.LastDigestUntil);
        return query.ToListAsync(cancellationToken);
    }

    /// <summary>One transaction: each person's <see cref="NotificationSettings.LastDigestUntil"/> moved on only if it is
    /// still older than <see cref="DigestSchedule.MinimumGap"/> (else another node was first), and a row queued for each
    /// person whose update took, covering the news of their failed digests too.</summary>
    private async Task<int> QueueBatchAsync(IReadOnlyList<DueDigest> batch, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await EnsureSettingsAsync(batch.Where(d => !d.HasSettings).Select(d => d.UserId).ToList(), cancellationToken);

        var cutoff = nowUtc - DigestSchedule.MinimumGap;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IMailOutbox>();
        var undelivered = await UndeliveredDigests.StartsAsync(db, batch.Select(d => d.UserId).ToList(), nowUtc, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var queued = 0;
        foreach (var digest in batch)
        {
            var userId = digest.UserId;
            var moved = await db.Set<NotificationSettings>()
                .Where(s => s.UserId == userId && s.Enabled && (s.LastDigestUntil == null || s.LastDigestUntil < cutoff))
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastDigestUntil, nowUtc), cancellationToken);
            if (moved == 1)
            {
                var since = undelivered.TryGetValue(userId, out var lost) && lost < digest.SinceUtc ? DigestSchedule.Since(nowUtc, lost) : digest.SinceUtc;
                outbox.Enqueue(new MailRequest(userId, MailKinds.Digest, null, DigestPeriod.Subject(digest.Day), DigestPeriod.Data(since, nowUtc)));
                queued++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    /// <summary>A settings row (the defaults) for people in digest mode who never saved their choices: it holds the end of
    /// their last digest. Another node may add the same rows at the same moment; then theirs are kept.</summary>
    private async Task EnsureSettingsAsync(List<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return;
        }
        try
        {
            await AddSettingsAsync(userIds, cancellationToken);
        }
        catch (DbUpdateException)
        {
            foreach (var userId in userIds)
            {
                try
                {
                    await AddSettingsAsync([userId], cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Added by another node (or the person saved their choices) in the meantime.
                }
            }
        }
    }

    private async Task AddSettingsAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var existing = await db.Set<NotificationSettings>().Where(s => userIds.Contains(s.UserId)).Select(s => s.UserId).ToListAsync(cancellationToken);
        db.AddRange(userIds.Except(existing).Select(id => new NotificationSettings { UserId = id }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record DigestCandidate(string UserId, bool HasSettings, int DigestHour, string TimeZone, DateTime? LastDigestUntil);

    private sealed record DueDigest(string UserId, bool HasSettings, DateOnly Day, DateTime SinceUtc);
}
