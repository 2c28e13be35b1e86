using System.Globalization;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Mail;

/// <summary>The digest's meeting lines: agendas and minutes published in the period (titles and links only), and the
/// recipient's own open actions with their due dates, overdue ones marked. Titles are read as the meeting's readers read
/// them: under Chatham House through <see cref="PeopleViews"/>'s reader view, so no name reaches the digest; minutes a
/// reader may not read (a named version of a meeting now under Chatham House) are not announced. Three queries for all the
/// person's groups, plus the reader view only for Chatham House meetings.</summary>
public sealed class MeetingDigestSource(ForumDbContext db, AccessRule rule, PeopleViews people, IStringLocalizer<MeetingsResource> t) : IDigestSource
{
    public const int MeetingsOrder = 30;
    public const int ActionsOrder = 40;

    public async Task<IReadOnlyList<DigestSection>> CollectAsync(DigestContext context, IReadOnlyCollection<int> groupIds, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        var groups = await DigestGroups.ReadableAsync(rule, context, groupIds, cancellationToken);
        if (groups.Count == 0)
        {
            return [];
        }
        var (since, until, me) = (context.SinceUtc, context.UntilUtc, context.Recipient.Id);
        var news = await context.News.GroupsAsync(nameof(MeetingDigestSource), since, until, groups.Keys,
            missing => LoadAsync(missing, since, until, cancellationToken), g => g.GroupId);
        var agendas = news.SelectMany(g => g.Agendas).ToList();
        var minutes = news.SelectMany(g => g.Minutes).ToList();
        var actions = news.SelectMany(g => g.OpenActions).Where(x => x.Action.OwnerUserId == me)
            .OrderBy(x => x.Action.DueDate).ThenBy(x => x.Action.Id).ToList();

        // Overdue as the recipient counts days: in their zone, not the server's.
        var today = context.Today;
        var culture = CultureInfo.CurrentCulture;
        var readable = minutes.Where(x => Readable(new MeetingAccess(x.Meeting, groups[x.Meeting.GroupId]), x.Attribution))
            .Select(x => x.Meeting).DistinctBy(m => m.Id).ToList();
        var meetingItems = new List<(int GroupId, DateTime At, DigestItem Item)>();
        foreach (var meeting in agendas)
        {
            var access = new MeetingAccess(meeting, groups[meeting.GroupId]);
            var title = await ReaderTextAsync(access, meeting.Title, cancellationToken);
            var date = MeetingTimes.InZone(meeting.StartsAt, meeting.TimeZone).ToString("d", culture);
            meetingItems.Add((meeting.GroupId, meeting.StartsAt, new DigestItem(t["Agenda published: {0} ({1})", title, date], context.Link(MeetingFormat.MeetingUrl(access)))));
        }
        foreach (var meeting in readable)
        {
            var access = new MeetingAccess(meeting, groups[meeting.GroupId]);
            var title = await ReaderTextAsync(access, meeting.Title, cancellationToken);
            meetingItems.Add((meeting.GroupId, meeting.StartsAt, new DigestItem(t["Minutes published: {0}", title], context.Link(MeetingFormat.MeetingUrl(access) + "#minutes"))));
        }
        var actionItems = new List<(int GroupId, DigestItem Item)>();
        foreach (var x in actions)
        {
            var access = new MeetingAccess(x.Meeting, groups[x.Action.GroupId]);
            var title = await ReaderTextAsync(access, x.Action.Title, cancellationToken);
            var due = x.Action.DueDate.ToString("d", culture);
            var text = x.Action.DueDate < today ? t["Overdue since {1}: {0}", title, due] : t["Due {1}: {0}", title, due];
            actionItems.Add((x.Action.GroupId, new DigestItem(text, context.Link(MeetingFormat.MeetingUrl(access) + "#actions"))));
        }
        return meetingItems.GroupBy(x => x.GroupId)
            .Select(g => new DigestSection(MeetingsOrder, g.Key, t["Meetings"], g.OrderBy(x => x.At).Select(x => x.Item).ToList()))
            .Concat(actionItems.GroupBy(x => x.GroupId).Select(g => new DigestSection(ActionsOrder, g.Key, t["Your open actions"], g.Select(x => x.Item).ToList())))
            .OrderBy(s => s.Order).ThenBy(s => groups[s.GroupId].Name, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>The groups' agendas and minutes published in the period, and their open actions (each reader's own are
    /// picked out after): three queries for all the groups of a sender batch (<see cref="DigestNews"/>).</summary>
    private async Task<IReadOnlyList<GroupMeetings>> LoadAsync(IReadOnlyList<int> groupIds, DateTime since, DateTime until, CancellationToken cancellationToken)
    {
        var agendas = await db.Set<Meeting>().AsNoTracking()
            .Where(m => groupIds.Contains(m.GroupId) && m.AgendaPublishedAt >= since && m.AgendaPublishedAt < until && m.Status != MeetingStatuses.Cancelled)
            .ToListAsync(cancellationToken);
        var minutes = await (from v in db.Set<MinutesVersion>().AsNoTracking()
                             join m in db.Set<Meeting>() on v.MeetingId equals m.Id
                             where groupIds.Contains(m.GroupId) && v.PublishedAt >= since && v.PublishedAt < until
                             select new PublishedMinutes(m, v.Attribution)).ToListAsync(cancellationToken);
        var actions = await (from a in db.Set<ActionItem>().AsNoTracking()
                             join m in db.Set<Meeting>() on a.MeetingId equals m.Id
                             where a.OwnerUserId != null && a.Status == ActionStatuses.Open && groupIds.Contains(a.GroupId)
                             select new OpenAction(a, m)).ToListAsync(cancellationToken);
        return groupIds.Select(id => new GroupMeetings(id, agendas.Where(m => m.GroupId == id).ToList(),
            minutes.Where(x => x.Meeting.GroupId == id).ToList(), actions.Where(x => x.Action.GroupId == id).ToList())).ToList();
    }

    private sealed record PublishedMinutes(Meeting Meeting, string Attribution);

    private sealed record OpenAction(ActionItem Action, Meeting Meeting);

    private sealed record GroupMeetings(int GroupId, IReadOnlyList<Meeting> Agendas, IReadOnlyList<PublishedMinutes> Minutes, IReadOnlyList<OpenAction> OpenActions);

    /// <summary>Facilitators read every version; readers of a meeting now under Chatham House only its Chatham House versions.</summary>
    private static bool Readable(MeetingAccess access, string versionAttribution) =>
        access.Facilitates || access.Meeting.Attribution != Attributions.ChathamHouse || versionAttribution == Attributions.ChathamHouse;

    /// <summary>A title as the recipient reads it on the meeting's page: without names under Chatham House unless they facilitate.</summary>
    private async Task<string> ReaderTextAsync(MeetingAccess access, string text, CancellationToken cancellationToken)
    {
        if (access.Meeting.Attribution != Attributions.ChathamHouse || access.Facilitates)
        {
            return text;
        }
        return (await people.ViewAsync(access, cancellationToken, texts: [text])).Text(text) ?? text;
    }
}
