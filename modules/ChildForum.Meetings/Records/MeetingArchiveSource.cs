using System.Globalization;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Records;

/// <summary>The group's meetings in its archive, each as <c>meetings/{id}-{title}/meeting.md</c> and <c>meeting.json</c>:
/// read through <see cref="MeetingReader.GetAsync"/> with the group's readers' access, so the archive holds exactly what
/// a reader of the meeting page reads: the agenda once published, the published minutes (a named version withheld under
/// Chatham House stays out), attendance, decisions and actions, and under Chatham House no name or organisation, only
/// stakeholder types.</summary>
public sealed class MeetingArchiveSource(ForumDbContext db, MeetingReader meetings) : IArchiveSource
{
    public string Section => "meetings";

    public int Order => 30;

    public async Task WriteAsync(ArchiveContext context, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == context.GroupId).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        int decisions = 0, actions = 0, minutes = 0;
        foreach (var meeting in rows)
        {
            var dto = await meetings.GetAsync(new MeetingAccess(meeting, context.Readers), cancellationToken);
            var folder = $"{Section}/{ArchivePaths.Segment(meeting.Id, dto.Title)}";
            await context.AddMarkdownAsync($"{folder}/meeting.md", Markdown(dto), cancellationToken);
            await context.AddJsonAsync($"{folder}/meeting.json", dto, cancellationToken);
            foreach (var item in dto.Agenda ?? [])
            {
                context.Wrote("agenda-item", item.Id);
            }
            decisions += dto.Decisions.Count;
            actions += dto.Actions.Count;
            minutes += dto.Minutes?.Version is null ? 0 : 1;
        }
        context.Count(Section, rows.Count);
        context.Count("minutes", minutes);
        context.Count("decisions", decisions);
        context.Count("actions", actions);
    }

    private static string Markdown(MeetingDto m)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"# {ArchiveMarkdown.Escape(m.Title)}\n\n{m.StartsAt:yyyy-MM-dd HH:mm}–{m.EndsAt:HH:mm} ({m.TimeZone}), {ArchiveMarkdown.Escape(m.Location)}. Status: {m.Status}. Attribution: {m.Attribution}.\n");
        if (m.Agenda is { } agenda)
        {
            text.Append("\n## Agenda\n\n");
            foreach (var item in agenda)
            {
                text.Append(c, $"{item.Position}. {ArchiveMarkdown.Escape(item.Title)}");
                text.Append(item.Presenter is { Length: > 0 } presenter ? $" ({ArchiveMarkdown.Escape(presenter)})" : "");
                text.Append(item.DurationMinutes is { } minutes ? string.Create(c, $", {minutes} min") : "").Append('\n');
                if (item.Notes is { Length: > 0 } notes)
                {
                    text.Append("\n   ").Append(notes.ReplaceLineEndings("\n   ")).Append('\n');
                }
            }
        }
        if (m.Minutes is { Version: not null } minutesDto)
        {
            text.Append(c, $"\n## Minutes (version {minutesDto.Version}, {minutesDto.Attribution})\n\n").Append(minutesDto.Body?.TrimEnd()).Append('\n');
        }
        text.Append("\n## Attendance\n\n");
        if (m.Attendance.Entries.Count > 0)
        {
            foreach (var entry in m.Attendance.Entries)
            {
                text.Append(c, $"- {ArchiveMarkdown.Escape(entry.DisplayName)} ({ArchiveMarkdown.Escape(entry.Organisation)}, {entry.StakeholderType}): {entry.Status}\n");
            }
        }
        else
        {
            foreach (var (type, counts) in m.Attendance.ByStakeholderType)
            {
                text.Append(c, $"- {type}: {counts.Present} present, {counts.Apologies} apologies, {counts.Absent} absent\n");
            }
        }
        text.Append("\n## Decisions\n\n");
        foreach (var decision in m.Decisions)
        {
            text.Append(c, $"- {ArchiveMarkdown.Escape(decision.Text)}\n");
        }
        text.Append("\n## Actions\n\n");
        foreach (var action in m.Actions)
        {
            text.Append(c, $"- {ArchiveMarkdown.Escape(action.Title)}: {Party(action.Owner)}, due {action.DueDate:yyyy-MM-dd}, {action.Status}\n");
        }
        return text.ToString();
    }

    /// <summary>Who owns an action, as the reader's answer holds it: a name (and organisation), or only a stakeholder type.</summary>
    private static string Party(PartyDto? party) => party switch
    {
        null => "no owner",
        { Name: { } name, Organisation: { } organisation } => $"{ArchiveMarkdown.Escape(name)} ({ArchiveMarkdown.Escape(organisation)})",
        { Name: { } name } => ArchiveMarkdown.Escape(name),
        _ => Attributor.PersonLabel(party.StakeholderType ?? "", "en"),
    };
}
