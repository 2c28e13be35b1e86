using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;

namespace ChildForum.Meetings.Records;

/// <summary>Who attended each meeting: one row per person where readers see names; under Chatham House one row per
/// stakeholder type and status with the number of people (the meeting page's counts), no name or organisation. Only
/// facilitators export it: it is a list of people and of whether they came, and a file of every meeting's attendance
/// leaves the site, while observers and visitors of a public group read one meeting at a time on its page.</summary>
public sealed class AttendanceTable(ForumDbContext db, MeetingReader meetings) : IRecordTable
{
    public string Name => "attendance";

    public GroupPermission Permission => GroupPermissions.Facilitate;

    public IReadOnlyList<string> Columns { get; } = ["Meeting id", "Meeting", "Date", "Person", "Organisation", "Stakeholder type", "Status", "People"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var meeting in MeetingRecordTables.MeetingsAsync(db, meetings, readers, cancellationToken))
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
