using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;

namespace ChildForum.Meetings.Records;

/// <summary>The actions agreed at every meeting, with owner, due date and status; under Chatham House the owner only by
/// stakeholder type. Readers export it: the meeting page and the group's actions show every reader the same.</summary>
public sealed class ActionTable(ForumDbContext db, MeetingReader meetings) : IRecordTable
{
    public string Name => "actions";

    public GroupPermission Permission => GroupPermissions.Read;

    public IReadOnlyList<string> Columns { get; } = ["Action id", "Meeting id", "Meeting", "Action", "Owner", "Owner's organisation", "Owner's stakeholder type", "Due date", "Status", "Closed at"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var meeting in MeetingRecordTables.MeetingsAsync(db, meetings, readers, cancellationToken))
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
