using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using System.Security.Cryptography;
using System.Text;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>iCalendar files (RFC 5545, Ical.Net): one per meeting and a feed per group. Times carry the meeting's
/// TZID with a VTIMEZONE; a meeting keeps its UID through every change and counts changes in SEQUENCE; a cancelled
/// meeting stays in the feed with STATUS:CANCELLED. Members-only groups' feeds open with a personal secret key
/// (<c>?key=</c>) that a calendar app can use; the member revokes it by making a new one or deleting it.</summary>
public sealed class CalendarService(ForumDbContext db, MeetingReader reader, IAuditLog audit, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public const string UidDomain = "childforum";
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(400);

    // ---- Keys --------------------------------------------------------------------------------

    /// <summary>A new key for the caller (replacing any earlier one, which stops working at once).</summary>
    public async Task<string> CreateKeyAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId()!;
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await db.Set<CalendarFeedKey>().Where(k => k.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.Add(new CalendarFeedKey { UserId = userId, KeyHash = Hash(key), CreatedAt = Now });
        audit.Record("calendar.key-created", Notice.T["Made a new personal calendar feed link"]);
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public async Task<bool> HasKeyAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        return userId is not null && await db.Set<CalendarFeedKey>().AnyAsync(k => k.UserId == userId, cancellationToken);
    }

    public async Task<bool> RevokeKeyAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId()!;
        var deleted = await db.Set<CalendarFeedKey>().Where(k => k.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            audit.Record("calendar.key-revoked", Notice.T["Revoked the personal calendar feed link"]);
            await db.SaveChangesAsync(cancellationToken);
        }
        return deleted > 0;
    }

    /// <summary>The person a feed key stands for, as a principal that only carries their id (no roles), or null.</summary>
    public async Task<ClaimsPrincipal?> PrincipalForKeyAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 100)
        {
            return null;
        }
        var hash = Hash(key);
        var owner = await (from k in db.Set<CalendarFeedKey>()
                           join u in db.Users on k.UserId equals u.Id
                           where k.KeyHash == hash
                           select new { k.UserId, u.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
        // A locked account's key opens nothing, even before its sessions-ended event deleted the key. (Compared here:
        // SQLite cannot compare DateTimeOffset values in a query.)
        if (owner is null || owner.LockoutEnd > new DateTimeOffset(Now, TimeSpan.Zero))
        {
            return null;
        }
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, owner.UserId)], "calendar-key"));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    // ---- Files -------------------------------------------------------------------------------

    public async Task<string> MeetingFileAsync(MeetingAccess access, string baseUrl, CancellationToken cancellationToken)
    {
        var calendar = NewCalendar();
        calendar.AddProperty("X-WR-CALNAME", await AddAsync(calendar, access, baseUrl, cancellationToken));
        return Serialize(calendar);
    }

    public async Task<string> GroupFeedAsync(GroupAccess group, string baseUrl, CancellationToken cancellationToken)
    {
        var since = Now - FeedHistory;
        var list = await db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == group.GroupId && m.EndsAt >= since).OrderBy(m => m.StartsAt).ToListAsync(cancellationToken);
        var calendar = NewCalendar();
        calendar.AddProperty("X-WR-CALNAME", group.Name);
        foreach (var meeting in list)
        {
            await AddAsync(calendar, new MeetingAccess(meeting, group), baseUrl, cancellationToken);
        }
        return Serialize(calendar);
    }

    /// <summary>The meeting as a scheduling message for one person's mail (RFC 5546): <c>METHOD:REQUEST</c> for an agenda
    /// or a change, <c>METHOD:CANCEL</c> when cancelled; the same UID and SEQUENCE as the feed, so a calendar app updates
    /// the event it already has. iTIP asks for an ORGANIZER (the site's sender address) and the ATTENDEE it is for; no
    /// answer is expected (<c>RSVP=FALSE</c>): attendance is recorded on the site.</summary>
    public async Task<string> InvitationAsync(MeetingAccess access, string baseUrl, bool cancel, CalendarPerson? organizer, CalendarPerson attendee, CancellationToken cancellationToken)
    {
        var calendar = NewCalendar(cancel ? "CANCEL" : "REQUEST");
        await AddAsync(calendar, access, baseUrl, cancellationToken);
        var meetingEvent = calendar.Events.Single();
        if (organizer is not null)
        {
            meetingEvent.Organizer = new Organizer("mailto:" + organizer.Email) { CommonName = organizer.Name };
        }
        meetingEvent.Attendees.Add(new Attendee("mailto:" + attendee.Email)
        {
            CommonName = attendee.Name, Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION", Rsvp = false,
        });
        if (cancel)
        {
            meetingEvent.Status = "CANCELLED";
        }
        return Serialize(calendar);
    }

    private static Calendar NewCalendar(string method = "PUBLISH") => new() { Method = method, ProductId = "-//ChildForum//Meetings//EN" };

    /// <summary>One VEVENT; under Chatham House its title, place and description hold no names (the same rules as the
    /// API). Returns the title as the caller may read it.</summary>
    private async Task<string> AddAsync(Calendar calendar, MeetingAccess access, string baseUrl, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        var dto = await reader.GetAsync(access, cancellationToken);
        var description = new StringBuilder();
        foreach (var item in dto.Agenda ?? [])
        {
            description.Append(item.Position == 0 ? "• " : $"{item.Position}. ").Append(item.Title);
            if (!string.IsNullOrEmpty(item.Presenter))
            {
                description.Append(" (").Append(item.Presenter).Append(')');
            }
            description.Append('\n');
        }
        if (meeting.OnlineUrl is not null)
        {
            description.Append('\n').Append(meeting.OnlineUrl).Append('\n');
        }
        var url = $"{baseUrl}/groups/{access.Group.Slug}/meetings/{meeting.Id}";
        description.Append('\n').Append(url);
        if (!calendar.TimeZones.Any(z => z.TzId == meeting.TimeZone) && meeting.TimeZone != "UTC")
        {
            calendar.AddTimeZone(meeting.TimeZone);
        }
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"meeting-{meeting.Uid}@{UidDomain}",
            Summary = dto.Title,
            Description = description.ToString().TrimEnd(),
            Location = string.IsNullOrEmpty(dto.Location) ? meeting.OnlineUrl : dto.Location,
            DtStart = Local(meeting.StartsAt, meeting.TimeZone),
            DtEnd = Local(meeting.EndsAt, meeting.TimeZone),
            DtStamp = new CalDateTime(DateTime.SpecifyKind(meeting.UpdatedAt, DateTimeKind.Utc)),
            LastModified = new CalDateTime(DateTime.SpecifyKind(meeting.UpdatedAt, DateTimeKind.Utc)),
            Created = new CalDateTime(DateTime.SpecifyKind(meeting.CreatedAt, DateTimeKind.Utc)),
            Sequence = meeting.Sequence,
            Status = meeting.Status == MeetingStatuses.Cancelled ? "CANCELLED" : "CONFIRMED",
            Url = new Uri(url),
        });
        return dto.Title;
    }

    /// <summary>The wall-clock time in the meeting's zone, with its TZID (UTC stays UTC).</summary>
    private static CalDateTime Local(DateTime utc, string zone)
    {
        var instant = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        if (zone == "UTC")
        {
            return new CalDateTime(instant);
        }
        var local = MeetingTimes.InZone(instant, zone).DateTime;
        return new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    }

    private static string Serialize(Calendar calendar) => new CalendarSerializer().SerializeToString(calendar) ?? "";
}

/// <summary>A person in a scheduling message: an e-mail address and the name shown with it.</summary>
public sealed record CalendarPerson(string Email, string Name);
