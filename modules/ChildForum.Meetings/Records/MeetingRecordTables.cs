using System.Runtime.CompilerServices;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Meetings.Records;

/// <summary>The meetings' tables for export: attendance, decisions and actions of every meeting of the group, earliest
/// first, each meeting read through <see cref="MeetingService.GetAsync"/> with the readers' access, so a file holds
/// exactly what a reader of the meeting page reads (under Chatham House: counts per stakeholder type instead of names,
/// owners of actions only by stakeholder type).</summary>
public static class MeetingRecordTables
{
    public static IServiceCollection AddMeetingRecordTables(this IServiceCollection services) => services
        .AddScoped<IRecordTable, AttendanceTable>()
        .AddScoped<IRecordTable, DecisionTable>()
        .AddScoped<IRecordTable, ActionTable>();

    /// <summary>Each meeting of the group as its readers get it, one at a time.</summary>
    internal static async IAsyncEnumerable<MeetingDto> MeetingsAsync(MeetingService meetings, GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await meetings.Db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == readers.GroupId).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        foreach (var meeting in rows)
        {
            yield return await meetings.GetAsync(new MeetingAccess(meeting, readers), cancellationToken);
        }
    }

    /// <summary>The meeting's day in its own time zone.</summary>
    internal static RecordValue Day(MeetingDto meeting) => RecordValue.Day(DateOnly.FromDateTime(meeting.StartsAt.DateTime));
}

/// <summary>Who attended each meeting: one row per person where readers see names; under Chatham House one row per
/// stakeholder type and status with the number of people (the meeting page's counts), no name or organisation. Only
/// facilitators export it: it is a list of people and of whether they came, and a file of every meeting's attendance
/// leaves the site, while observers and visitors of a public group read one meeting at a time on its page.</summary>
public sealed class AttendanceTable(MeetingService meetings) : IRecordTable
{
    public string Name => "attendance";

    public GroupPermission Permission => GroupPermissions.Facilitate;

    public IReadOnlyList<string> Columns { get; } = ["Meeting id", "Meeting", "Date", "Person", "Organisation", "Stakeholder type", "Status", "People"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var meeting in MeetingRecordTables.MeetingsAsync(meetings, readers, cancellationToken))
        {
            var attendance = meeting.Attendance;
            if (attendance.Entries.Count > 0)
            {
                foreach (var entry in attendance.Entries)
                {
                    yield return [meeting.Id, meeting.Title, MeetingRecordTables.Day(meeting), entry.DisplayName, entry.Organisation, entry.StakeholderType, entry.Status, 1];
                }
                continue;
            }
            foreach (var (type, counts) in attendance.ByStakeholderType)
            {
                foreach (var (status, people) in new[] { (AttendanceStatuses.Present, counts.Present), (AttendanceStatuses.Apologies, counts.Apologies), (AttendanceStatuses.Absent, counts.Absent) })
                {
                    if (people > 0)
                    {
                        yield return [meeting.Id, meeting.Title, MeetingRecordTables.Day(meeting), null, null, type, status, people];
                    }
                }
            }
        }
    }
}

/// <summary>The decisions of every meeting, with the agenda item they were taken under when readers see the agenda.
/// Readers export it: it is what the meeting page shows every reader.</summary>
public sealed class DecisionTable(MeetingService meetings) : IRecordTable
{
    public string Name => "decisions";

    public GroupPermission Permission => GroupPermissions.Read;

    public IReadOnlyList<string> Columns { get; } = ["Meeting id", "Meeting", "Date", "Agenda item", "Decision", "Recorded at"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var meeting in MeetingRecordTables.MeetingsAsync(meetings, readers, cancellationToken))
        {
            foreach (var decision in meeting.Decisions)
            {
                var item = meeting.Agenda?.FirstOrDefault(i => i.Id == decision.AgendaItemId)?.Title;
                yield return [meeting.Id, meeting.Title, MeetingRecordTables.Day(meeting), item, decision.Text, RecordValue.Time(decision.CreatedAt)];
            }
        }
    }
}

/// <summary>The actions agreed at every meeting, with owner, due date and status; under Chatham House the owner only by
/// stakeholder type. Readers export it: the meeting page and the group's actions show every reader the same.</summary>
public sealed class ActionTable(MeetingService meetings) : IRecordTable
{
    public string Name => "actions";

    public GroupPermission Permission => GroupPermissions.Read;

    public IReadOnlyList<string> Columns { get; } = ["Action id", "Meeting id", "Meeting", "Action", "Owner", "Owner's organisation", "Owner's stakeholder type", "Due date", "Status", "Closed at"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var meeting in MeetingRecordTables.MeetingsAsync(meetings, readers, cancellationToken))
        {
            foreach (var action in meeting.Actions)
            {
                var owner = action.Owner;
                yield return [action.Id, meeting.Id, meeting.Title, action.Title, owner?.Name, owner?.Organisation, owner?.StakeholderType,
                    RecordValue.Day(action.DueDate), action.Status, RecordValue.Time(action.ClosedAt)];
            }
        }
    }
}
