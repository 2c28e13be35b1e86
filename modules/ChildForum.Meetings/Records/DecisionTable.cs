using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;

namespace ChildForum.Meetings.Records;

/// <summary>The decisions of every meeting, with the agenda item they were taken under when readers see the agenda.
/// Readers export it: it is what the meeting page shows every reader.</summary>
public sealed class DecisionTable(ForumDbContext db, MeetingReader meetings) : IRecordTable
{
    public string Name => "decisions";

    public GroupPermission Permission => GroupPermissions.Read;

    public IReadOnlyList<string> Columns { get; } = ["Meeting id", "Meeting", "Date", "Agenda item", "Decision", "Recorded at"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var meeting in MeetingRecordTables.MeetingsAsync(db, meetings, readers, cancellationToken))
        {
            foreach (var decision in meeting.Decisions)
            {
                var item = meeting.Agenda?.FirstOrDefault(i => i.Id == decision.AgendaItemId)?.Title;
                yield return [meeting.Id, meeting.Title, MeetingRecordTables.Day(meeting), item, decision.Text, RecordValue.Time(decision.CreatedAt)];
            }
        }
    }
}
