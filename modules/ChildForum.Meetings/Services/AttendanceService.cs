using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Notifications;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Mail;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Services;

/// <summary>Who attended a meeting: the facilitator's list replaces the stored one; a meeting that has started is then held.</summary>
public sealed class AttendanceService(
    ForumDbContext db, IGroupMembers groups, MeetingReader reader, PeopleViews people, MeetingNotices notices, IAuditLog audit, TimeProvider clock,
    IStringLocalizer<MeetingsResource> t)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<AttendanceDto>> SetAttendanceAsync(MeetingAccess access, IReadOnlyList<AttendanceRequest>? request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<AttendanceDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        if (request is null)
        {
            validation.Add("attendance", "Send a list of objects with userId and status.");
            return Outcome<AttendanceDto>.Invalid(validation);
        }
        if (request.Count > 1000)
        {
            validation.Add("attendance", "At most {0} people.", 1000);
            return Outcome<AttendanceDto>.Invalid(validation);
        }
        var members = (await groups.GetMembersAsync(meeting.GroupId, cancellationToken)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Count; i++)
        {
            var entry = request[i];
            var prefix = $"[{i}]";
            if (entry is null || string.IsNullOrWhiteSpace(entry.UserId))
            {
                validation.Add(prefix + ".userId", "This field is required.");
            }
            else if (!members.Contains(entry.UserId))
            {
                validation.Add(prefix + ".userId", "This person is not a member of the group.");
            }
            else if (!seen.Add(entry.UserId))
            {
                validation.Add(prefix + ".userId", "This person is on the list twice.");
            }
            if (entry is not null && !AttendanceStatuses.All.Contains(entry.Status ?? ""))
            {
                validation.Add(prefix + ".status", "Choose one of: {0}.", string.Join(", ", AttendanceStatuses.All));
            }
        }
        if (!validation.IsValid)
        {
            return Outcome<AttendanceDto>.Invalid(validation);
        }
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        await db.Set<Attendance>().Where(a => a.MeetingId == meeting.Id).ExecuteDeleteAsync(cancellationToken);
        foreach (var entry in request)
        {
            db.Add(new Attendance { MeetingId = meeting.Id, UserId = entry.UserId!, Status = entry.Status! });
        }
        if (meeting.Status is MeetingStatuses.Planned or MeetingStatuses.AgendaPublished && meeting.StartsAt <= Now)
        {
            meeting.Status = MeetingStatuses.Held;
        }
        meeting.UpdatedAt = Now;
        // Minutes are found by the stakeholder types of the people present.
        notices.Reindex(meeting, minutes: true);
        audit.Record("meeting.attendance", Notice.T["Recorded attendance of meeting '{0}'", meeting.Title], meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        return Outcome<AttendanceDto>.Ok(await reader.AttendanceAsync(meeting, await people.ViewAsync(access, cancellationToken), cancellationToken));
    }
}
