using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Meetings.Records;

/// <summary>The meetings' tables for export: attendance, decisions and actions of every meeting of the group, earliest
/// first, each meeting read through <see cref="MeetingReader.GetAsync"/> with the readers' access, so a file holds
/// exactly what a reader of the meeting page reads (under Chatham House: counts per stakeholder type instead of names,
/// owners of actions only by stakeholder type).</summary>
public static class MeetingRecordTables
{
    public static IServiceCollection AddMeetingRecordTables(this IServiceCollection services) => services
        .AddScoped<IRecordTable, AttendanceTable>()
        .AddScoped<IRecordTable, DecisionTable>()
        .AddScoped<IRecordTable, ActionTable>();

    /// <summary>Each meeting of the group as its readers get it, one at a time.</summary>
    internal static async IAsyncEnumerable<MeetingDto> MeetingsAsync(ForumDbContext db, MeetingReader meetings, GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == readers.GroupId).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        foreach (var meeting in rows)
        {
            yield return await meetings.GetAsync(new MeetingAccess(meeting, readers), cancellationToken);
        }
    }

    /// <summary>The meeting's day in its own time zone.</summary>
    internal static RecordValue Day(MeetingDto meeting) => RecordValue.Day(DateOnly.FromDateTime(meeting.StartsAt.DateTime));
}
