using System.Globalization;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>Lets other modules attach things to an agenda item (meeting papers) without referencing this module. Until
/// the meeting's agenda is published its items, and so their papers, are for the group's facilitators only.</summary>
public sealed class AgendaItemContent(ForumDbContext db) : IGroupContent
{
    public string Kind => "agenda-item";

    public Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken) =>
        (from item in db.Set<AgendaItem>()
         join meeting in db.Set<Meeting>() on item.MeetingId equals meeting.Id
         where item.Id == id && meeting.GroupId == groupId
         select item.Title).SingleOrDefaultAsync(cancellationToken);

    /// <summary>An item's place is on its meeting's page, which this signature cannot look up: the group's page, whose
    /// meetings list leads to it.</summary>
    public string Url(string groupSlug, int id) => $"/groups/{groupSlug}";

    public async Task<IReadOnlyDictionary<int, ContentAudience>> AudiencesAsync(IReadOnlyCollection<int> ids, int groupId, CancellationToken cancellationToken)
    {
        var rows = await (from item in db.Set<AgendaItem>()
                          join meeting in db.Set<Meeting>() on item.MeetingId equals meeting.Id
                          where ids.Contains(item.Id) && meeting.GroupId == groupId
                          select new { item.Id, Published = meeting.AgendaPublishedAt != null }).ToListAsync(cancellationToken);
        var found = rows.ToDictionary(r => r.Id, r => r.Published ? ContentAudience.Readers : ContentAudience.Facilitators);
        return ids.Distinct().ToDictionary(id => id, id => found.GetValueOrDefault(id, ContentAudience.Nobody));
    }

    /// <summary>Publishing an agenda queues <c>meeting:{id}</c>: every item of the meeting follows.</summary>
    public async Task<IReadOnlyList<int>> ItemsOfSearchParentsAsync(IReadOnlyCollection<string> parents, CancellationToken cancellationToken)
    {
        var meetings = parents.Select(p => p.Split(':')).Where(p => p.Length == 2 && p[0] == "meeting")
            .Select(p => int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
        return meetings.Count == 0 ? [] : await db.Set<AgendaItem>().Where(i => meetings.Contains(i.MeetingId)).Select(i => i.Id).ToListAsync(cancellationToken);
    }
}
