using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>Lets other modules attach things to an agenda item (meeting papers) without referencing this module.</summary>
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
}
