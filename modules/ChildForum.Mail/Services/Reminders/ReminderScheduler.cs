using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Choices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Reminders;

/// <summary>Queues the reminders of things due soon or overdue (<see cref="IMailReminderSource"/>; the meetings' actions).
/// Every <see cref="MailSchedule.Interval"/> it asks the sources for what is due around today and decides, for each person, with the
/// day as it is in that person's time zone (<see cref="NotificationSettings.TimeZone"/>, UTC without one; the mail module
/// holds the zone, so the day boundary is drawn here, not in the source): due in one or two days →
/// <see cref="MailKinds.ActionDue"/>, due one to <see cref="OverdueDays"/> days ago → <see cref="MailKinds.ActionOverdue"/>.
/// Each is queued once per person, subject and due date: the row's data holds the due date, and a row of the same person,
/// kind, subject and data is looked for before one is added. Every web node runs it; the look and the insert happen in one
/// transaction that holds a lock: on PostgreSQL a transaction-level advisory lock (<c>pg_advisory_xact_lock</c>), which
/// serialises the nodes' runs without a schema of its own; on SQLite the write transaction itself (one writer at a time).
/// A due date that moves gives a new reminder for the new date; the composer drops one queued for the old date.</summary>
public sealed class ReminderScheduler(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> mail,
    TimeProvider clock,
    ILogger<ReminderScheduler> logger) : MailSchedule(mail, clock, logger)
{
    /// <summary>"Due soon": due in at most this many days (and not today or later than that).</summary>
    public const int DueSoonDays = 2;

    /// <summary>An overdue reminder is sent the day after the due date, or up to this many days late after the site was
    /// down; older overdue actions are not announced (the digest lists them).</summary>
    public const int OverdueDays = 7;

    /// <summary>The advisory lock of the reminder runs on PostgreSQL (any fixed number the site uses for nothing else).</summary>
    private const long LockKey = 0x43_46_52_45_4D_49_4E_44; // "CFREMIND"

    protected override string What => "reminders";

    /// <summary>Queues the reminders due at <paramref name="nowUtc"/> and returns how many this call queued (one another
    /// node queued first is not counted). Nothing is queued while no SMTP server is configured.</summary>
    public override async Task<int> QueueDueAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return 0;
        }
        nowUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var utcToday = DateOnly.FromDateTime(nowUtc);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ForumDbContext>();

        // Every zone's today is within a day of the UTC one.
        var reminders = new List<MailReminder>();
        foreach (var source in services.GetServices<IMailReminderSource>())
        {
            reminders.AddRange(await source.DueBetweenAsync(utcToday.AddDays(-OverdueDays - 1), utcToday.AddDays(DueSoonDays + 1), cancellationToken));
        }
        if (reminders.Count == 0)
        {
            return 0;
        }
        var todays = await TodaysAsync(db, reminders.Select(r => r.UserId).Distinct().ToList(), nowUtc, cancellationToken);
        var wanted = new List<MailRequest>();
        foreach (var reminder in reminders)
        {
            var days = reminder.DueDate.DayNumber - todays.GetValueOrDefault(reminder.UserId, utcToday).DayNumber;
            var kind = days is > 0 and <= DueSoonDays ? MailKinds.ActionDue : days is < 0 and >= -OverdueDays ? MailKinds.ActionOverdue : null;
            if (kind is not null)
            {
                wanted.Add(new MailRequest(reminder.UserId, kind, reminder.GroupId, reminder.Subject, MailReminders.Data(reminder.DueDate)));
            }
        }
        wanted = wanted.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return 0;
        }

        var outbox = services.GetRequiredService<IMailOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        }
        var subjects = wanted.Select(w => w.Subject).Distinct().ToList();
        var queuedBefore = (await db.Set<OutgoingMail>().AsNoTracking()
                .Where(m => (m.Kind == MailKinds.ActionDue || m.Kind == MailKinds.ActionOverdue) && subjects.Contains(m.Subject))
                .Select(m => new { m.UserId, m.Kind, m.Subject, m.Data })
                .ToListAsync(cancellationToken))
            .Select(m => (m.UserId, m.Kind, m.Subject, m.Data)).ToHashSet();
        var queued = 0;
        foreach (var request in wanted.Where(w => !queuedBefore.Contains((w.UserId, w.Kind, w.Subject, w.Data))))
        {
            outbox.Enqueue(request);
            queued++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    /// <summary>Today in each person's zone; people without settings (or an unknown zone) are left out, i.e. UTC.</summary>
    private static async Task<Dictionary<string, DateOnly>> TodaysAsync(ForumDbContext db, List<string> userIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var zones = new Dictionary<string, TimeZoneInfo?>(StringComparer.Ordinal);
        var todays = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var chunk in userIds.Chunk(500))
        {
            var settings = await db.Set<NotificationSettings>().AsNoTracking().Where(s => chunk.Contains(s.UserId))
                .Select(s => new { s.UserId, s.TimeZone }).ToListAsync(cancellationToken);
            foreach (var s in settings)
            {
                var zone = zones.TryGetValue(s.TimeZone, out var known) ? known : zones[s.TimeZone] = TimeZones.Find(s.TimeZone);
                if (zone is not null)
                {
                    todays[s.UserId] = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));
                }
            }
        }
        return todays;
    }
}
