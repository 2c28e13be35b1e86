using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>Reading meetings: one meeting as the caller may see it, the group's list and the group page's windows, and
/// the group's actions. What readers get of a Chatham House meeting is decided here (<see cref="GetAsync"/>) with
/// <see cref="PeopleViews"/>, not in the views.</summary>
public sealed class MeetingReader(ForumDbContext db, PeopleViews people, TimeProvider clock)
{
    /// <summary>The group's meetings, earliest first; a Chatham House meeting's title and place without names for readers.</summary>
    public async Task<IReadOnlyList<MeetingSummaryDto>> ListAsync(GroupAccess group, CancellationToken cancellationToken)
    {
        var list = (await db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == group.GroupId).ToListAsync(cancellationToken)).OrderBy(m => m.StartsAt).ToList();
        return await SummariesAsync(list, group, cancellationToken);
    }

    /// <summary>The group page's section: the next <paramref name="count"/> meetings not yet over (earliest first), the
    /// last <paramref name="count"/> that are (latest first), and the group's open actions, as the caller may see them. It
    /// costs the same few queries however many meetings and actions the group has: the window (limited in the database)
    /// and the actions each with their meeting and its latest minutes' language, the actions also with their owners; and
    /// when something is shown under Chatham House, one search for the names of all the texts shown so. Each meeting's
    /// view is made once, for its line and for its actions.</summary>
    public async Task<GroupPanel> GroupPanelAsync(GroupAccess group, int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = await PanelWindow.For(db)(db, group.GroupId, now, count).ToListAsync(cancellationToken);
        var actions = await OpenActions.For(db)(db, group.GroupId).ToListAsync(cancellationToken);

        // What the views would read one by one, given to them read already: owners, and the languages of anonymous meetings.
        foreach (var row in actions)
        {
            if (row is { OwnerId: { } id, OwnerName: { } name, OwnerOrganisationId: { } organisationId, OwnerOrganisation: { } organisation, OwnerType: { } type })
            {
                people.Know(new Participant(id, name, organisationId, organisation, type.ToWire()));
            }
            if (row is { OrganisationId: { } ownerOrganisation, OrganisationName: { } ownerName, OrganisationType: { } ownerType })
            {
                people.Know(ownerOrganisation, ownerName, ownerType.ToWire());
            }
        }
        var shown = window.Select(w => (w.Meeting, w.Language)).Concat<(Meeting Meeting, string? Language)>(actions.Select(a => (a.Meeting, (string?)a.Language))).DistinctBy(m => m.Meeting.Id).ToList();
        var anonymous = shown.Where(m => m.Meeting.Attribution == Attributions.ChathamHouse && !new MeetingAccess(m.Meeting, group).Facilitates).ToList();
        if (anonymous.Count > 0)
        {
            var ids = anonymous.Select(m => m.Meeting.Id).ToHashSet();
            await people.AttributorForAsync(
                anonymous.SelectMany(m => new[] { m.Meeting.Title, m.Meeting.Location }).Concat(actions.Where(a => ids.Contains(a.Meeting.Id)).Select(a => a.Action.Title)),
                cancellationToken);
            foreach (var (meeting, language) in anonymous)
            {
                people.KnowLanguage(meeting.Id, language);
            }
        }

        var views = new Dictionary<int, PeopleView>();
        async Task<PeopleView> ViewOfAsync(Meeting meeting)
        {
            if (!views.TryGetValue(meeting.Id, out var view))
            {
                view = views[meeting.Id] = await people.ViewAsync(new MeetingAccess(meeting, group), cancellationToken,
                    shown: actions.Where(a => a.Meeting.Id == meeting.Id).Select(a => a.Action), texts: [meeting.Title, meeting.Location]);
            }
            return view;
        }
        async Task<List<MeetingSummaryDto>> SummariesOfAsync(IEnumerable<Meeting> list)
        {
            var result = new List<MeetingSummaryDto>();
            foreach (var meeting in list)
            {
                var summary = ToSummary(meeting);
                if (meeting.Attribution == Attributions.ChathamHouse && await ViewOfAsync(meeting) is { Anonymous: true } view)
                {
                    summary = summary with { Title = view.Text(summary.Title)!, Location = view.Text(summary.Location)! };
                }
                result.Add(summary);
            }
            return result;
        }
        var upcoming = await SummariesOfAsync(window.Select(w => w.Meeting).Where(m => m.EndsAt >= now).OrderBy(m => m.StartsAt).ThenBy(m => m.Id));
        var past = await SummariesOfAsync(window.Select(w => w.Meeting).Where(m => m.EndsAt < now).OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id));
        var open = new List<ActionDto>(actions.Count);
        foreach (var row in actions)
        {
            open.Add((await ViewOfAsync(row.Meeting)).Action(row.Action));
        }
        return new GroupPanel(upcoming, past, open);
    }

    /// <summary>A meeting with the language of its latest minutes (null before there are any).</summary>
    private sealed record WindowRow(Meeting Meeting, string? Language);

    /// <summary>An open action with its meeting, that meeting's minutes language, the owning person with their organisation,
    /// and the owning organisation (each null when the action has none).</summary>
    private sealed record ActionRow(ActionItem Action, Meeting Meeting, string? Language,
        string? OwnerId, string? OwnerName, int? OwnerOrganisationId, string? OwnerOrganisation, StakeholderType? OwnerType,
        int? OrganisationId, string? OrganisationName, StakeholderType? OrganisationType);

    // The group and meeting pages ask these on every request: compiled, EF Core neither rebuilds their expression trees nor
    // computes their cache keys each time (that was a quarter of the signed-in group page's CPU; docs/benchmarks.md).

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<AgendaItem>>> AgendaOf = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, AgendaItem>(
        (ForumDbContext db, int meetingId) => db.Set<AgendaItem>().AsNoTracking().Where(i => i.MeetingId == meetingId).OrderBy(i => i.Position)));

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<ActionItem>>> ActionsOf = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, ActionItem>(
        (ForumDbContext db, int meetingId) => db.Set<ActionItem>().AsNoTracking().Where(a => a.MeetingId == meetingId).OrderBy(a => a.Id)));

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<Decision>>> DecisionsOf = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, Decision>(
        (ForumDbContext db, int meetingId) => db.Set<Decision>().AsNoTracking().Where(d => d.MeetingId == meetingId).OrderBy(d => d.Id)));

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<MinutesVersion>>> MinutesOf = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, MinutesVersion>(
        (ForumDbContext db, int meetingId) => db.Set<MinutesVersion>().AsNoTracking().Where(v => v.MeetingId == meetingId).OrderBy(v => v.Number)));

    /// <summary>An attendance entry with the person's name and organisation.</summary>
    private sealed record AttendanceRow(string UserId, string DisplayName, int OrganisationId, string Organisation, StakeholderType StakeholderType, string Status);

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<AttendanceRow>>> AttendanceOf = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int meetingId) =>
            from a in db.Set<Attendance>().AsNoTracking()
            join u in db.Users on a.UserId equals u.Id
            join o in db.Organisations on u.OrganisationId equals o.Id
            where a.MeetingId == meetingId
            select new AttendanceRow(a.UserId, u.DisplayName, o.Id, o.Name, o.StakeholderType, a.Status)));

    /// <summary>The next <c>count</c> meetings not over yet and the last <c>count</c> that are, in one query.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, DateTime, int, IAsyncEnumerable<WindowRow>>> PanelWindow = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int groupId, DateTime now, int count) => db.Set<Meeting>().AsNoTracking()
            .Where(m => m.GroupId == groupId
                && (db.Set<Meeting>().Where(u => u.GroupId == groupId && u.EndsAt >= now).OrderBy(u => u.StartsAt).ThenBy(u => u.Id).Take(count).Select(u => u.Id).Contains(m.Id)
                    || db.Set<Meeting>().Where(p => p.GroupId == groupId && p.EndsAt < now).OrderByDescending(p => p.StartsAt).ThenByDescending(p => p.Id).Take(count).Select(p => p.Id).Contains(m.Id)))
            .Select(m => new WindowRow(m,
                db.Set<MinutesVersion>().Where(v => v.MeetingId == m.Id).OrderByDescending(v => v.Number).Select(v => (string?)v.Language).FirstOrDefault()))));

    /// <summary>The group's open actions, earliest due first, with what their lines show.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<ActionRow>>> OpenActions = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int groupId) =>
            from a in db.Set<ActionItem>().AsNoTracking()
            join m in db.Set<Meeting>().AsNoTracking() on a.MeetingId equals m.Id
            join u in db.Users on a.OwnerUserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            join uo in db.Organisations on u!.OrganisationId equals uo.Id into userOrganisations
            from uo in userOrganisations.DefaultIfEmpty()
            join o in db.Organisations on a.OwnerOrganisationId equals (int?)o.Id into organisations
            from o in organisations.DefaultIfEmpty()
            where a.GroupId == groupId && a.Status == ActionStatuses.Open
            orderby a.DueDate, a.Id
            select new ActionRow(a, m,
                db.Set<MinutesVersion>().Where(v => v.MeetingId == m.Id).OrderByDescending(v => v.Number).Select(v => (string?)v.Language).FirstOrDefault(),
                (string?)u!.Id, (string?)u!.DisplayName, (int?)uo!.Id, (string?)uo!.Name, (StakeholderType?)uo!.StakeholderType,
                (int?)o!.Id, (string?)o!.Name, (StakeholderType?)o!.StakeholderType)));

    private async Task<IReadOnlyList<MeetingSummaryDto>> SummariesAsync(IReadOnlyList<Meeting> list, GroupAccess group, CancellationToken cancellationToken)
    {
        var anonymous = list.Where(m => m.Attribution == Attributions.ChathamHouse && !new MeetingAccess(m, group).Facilitates).ToList();
        if (anonymous.Count > 0)
        {
            // The names of all the list's titles and places in one search, not one per meeting.
            await people.AttributorForAsync(anonymous.SelectMany(m => new[] { m.Title, m.Location }), cancellationToken);
        }
        await people.PreloadLanguagesAsync(anonymous.Select(m => m.Id).ToList(), cancellationToken);
        var result = new List<MeetingSummaryDto>(list.Count);
        foreach (var meeting in list)
        {
            var summary = ToSummary(meeting);
            if (meeting.Attribution == Attributions.ChathamHouse
                && await people.ViewAsync(new MeetingAccess(meeting, group), cancellationToken, texts: [meeting.Title, meeting.Location]) is { Anonymous: true } view)
            {
                summary = summary with { Title = view.Text(summary.Title)!, Location = view.Text(summary.Location)! };
            }
            result.Add(summary);
        }
        return result;
    }

    /// <summary>The meeting as the caller may see it: agenda once published (facilitators always), published
    /// minutes (facilitators also the draft), and under Chatham House no person or organisation for readers.</summary>
    public async Task<MeetingDto> GetAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        var facilitator = access.Facilitates;
        var items = await AgendaOf.For(db)(db, meeting.Id).ToListAsync(cancellationToken);
        var actions = await ActionsOf.For(db)(db, meeting.Id).ToListAsync(cancellationToken);
        var decisions = await DecisionsOf.For(db)(db, meeting.Id).ToListAsync(cancellationToken);
        var reviewed = items.Any(i => i.ReviewsActions) ? await ReviewActionsAsync(meeting, cancellationToken) : null;
        // Every text the page shows, searched for names at once (an anonymous view reads only the names they hold).
        IEnumerable<string?> texts =
        [
            meeting.Title, meeting.Location, .. items.SelectMany(i => new[] { i.Title, i.Presenter, i.Notes }), .. decisions.Select(d => d.Text),
            .. (reviewed ?? []).Select(a => a.Title),
        ];
        var view = await people.ViewAsync(access, cancellationToken, shown: actions, texts: texts);
        // Each action as its own meeting allows: an action from a Chatham House meeting stays anonymous in a named one's review.
        // and in a Chatham House meeting's own review, every action is anonymous for readers.
        var review = reviewed is not null ? await ActionDtosAsync(reviewed, access.Group, cancellationToken, view.Anonymous) : [];
        var showAgenda = facilitator || meeting.AgendaPublishedAt is not null;
        var agenda = showAgenda
            ? items.Select(i => new AgendaItemDto(i.Id, i.Position, view.Text(i.Title)!, view.Text(i.Presenter), i.DurationMinutes, view.Text(i.Notes), i.DraftId, i.ThreadId, i.ReviewsActions,
                i.ReviewsActions ? review : null)).ToList()
            : null;
        var minutes = await MinutesAsync(access, cancellationToken);
        return new MeetingDto(
            meeting.Id, meeting.GroupId, view.Text(meeting.Title)!, MeetingTimes.InZone(meeting.StartsAt, meeting.TimeZone), MeetingTimes.InZone(meeting.EndsAt, meeting.TimeZone),
            meeting.TimeZone, view.Text(meeting.Location)!, meeting.OnlineUrl, meeting.Status, meeting.Attribution, meeting.AgendaPublishedAt is not null,
            minutes?.Version is not null, meeting.Sequence,
            agenda, minutes, await AttendanceAsync(meeting, view, cancellationToken),
            decisions.Select(d => new DecisionDto(d.Id, d.AgendaItemId, view.Text(d.Text)!, MeetingFormat.Utc(d.CreatedAt))).ToList(),
            actions.Select(view.Action).ToList());
    }

    /// <summary>The group's actions, oldest due first, each shown as its meeting allows (Chatham House owners by type).</summary>
    public async Task<Outcome<IReadOnlyList<ActionDto>>> GroupActionsAsync(GroupAccess group, ClaimsPrincipal user, string? status, CancellationToken cancellationToken)
    {
        if (status is not null && !ActionStatuses.All.Contains(status))
        {
            return Outcome<IReadOnlyList<ActionDto>>.Invalid("status", "Choose one of: {0}.", string.Join(", ", ActionStatuses.All));
        }
        var actions = await db.Set<ActionItem>().AsNoTracking().Where(a => a.GroupId == group.GroupId && (status == null || a.Status == status))
            .OrderBy(a => a.DueDate).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<ActionDto>>.Ok(await ActionDtosAsync(actions, group, cancellationToken));
    }

    /// <summary>Actions shown as the meeting each was agreed in allows (Chatham House owners by stakeholder type).</summary>
    private async Task<List<ActionDto>> ActionDtosAsync(IReadOnlyList<ActionItem> actions, GroupAccess group, CancellationToken cancellationToken, bool anonymous = false)
    {
        if (actions.Count == 0)
        {
            return []; // the group page of a group with no open actions asks nothing more
        }
        var ids = actions.Select(a => a.MeetingId).Distinct().ToList();
        var meetings = await db.Set<Meeting>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        await people.PreloadLanguagesAsync(meetings.Values.Where(m => (anonymous || m.Attribution == Attributions.ChathamHouse) && !new MeetingAccess(m, group).Facilitates).Select(m => m.Id).ToList(), cancellationToken);
        var views = new Dictionary<int, PeopleView>();
        var result = new List<ActionDto>();
        foreach (var action in actions)
        {
            if (!views.TryGetValue(action.MeetingId, out var view))
            {
                // Every view is given all the actions: the first one reads their owners and names for all of them.
                view = views[action.MeetingId] = await people.ViewAsync(new MeetingAccess(meetings[action.MeetingId], group), cancellationToken, anonymous, actions);
            }
            result.Add(view.Action(action));
        }
        return result;
    }

    private async Task<MinutesDto?> MinutesAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var versions = await MinutesOf.For(db)(db, access.Meeting.Id).ToListAsync(cancellationToken);
        var facilitator = access.Facilitates;
        MinutesDraftDto? draft = null;
        if (facilitator && await db.Set<MinutesDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.MeetingId == access.Meeting.Id, cancellationToken) is { } stored)
        {
            var latest = versions.LastOrDefault();
            var attributor = await people.AttributorForAsync([stored.Body], cancellationToken);
            draft = new MinutesDraftDto(stored.Body, stored.Attribution, MeetingFormat.Utc(stored.UpdatedAt),
                stored.Attribution == Attributions.ChathamHouse ? attributor.Warnings(stored.Body) : [],
                latest is null || attributor.Apply(stored.Body, stored.Attribution, Attributor.DetectLanguage(stored.Body)) != latest.Body || stored.Attribution != latest.Attribution);
        }
        // Readers are not told that a withheld version exists.
        var shown = facilitator ? versions : versions.Where(v => !Withheld(access.Meeting, v)).ToList();
        if (shown.Count == 0 && draft is null)
        {
            return null;
        }
        var current = versions.Count == 0 ? null : versions[^1];
        if (current is not null && !facilitator && Withheld(access.Meeting, current))
        {
            current = shown.Count == 0 ? null : shown[^1];
        }
        return new MinutesDto(current?.Number, current?.Body, current?.Html, current?.Attribution, current?.Language, current is null ? null : MeetingFormat.Utc(current.PublishedAt),
            shown.Select(v => new MinutesVersionInfoDto(v.Number, MeetingFormat.Utc(v.PublishedAt), v.Attribution, Withheld(access.Meeting, v))).ToList(), draft,
            current is not null && Withheld(access.Meeting, current));
    }

    /// <summary>A named version of a meeting that readers now get under Chatham House: only facilitators read it.</summary>
    internal static bool Withheld(Meeting meeting, MinutesVersion version) =>
        meeting.Attribution == Attributions.ChathamHouse && version.Attribution != Attributions.ChathamHouse;

    /// <summary>Who attended, as the view allows: under Chatham House only counts by stakeholder type.</summary>
    internal async Task<AttendanceDto> AttendanceAsync(Meeting meeting, PeopleView view, CancellationToken cancellationToken)
    {
        var rows = await AttendanceOf.For(db)(db, meeting.Id).ToListAsync(cancellationToken);
        var ordered = rows.OrderBy(r => r.Organisation, StringComparer.CurrentCulture).ThenBy(r => r.DisplayName, StringComparer.CurrentCulture).ToList();
        static AttendanceCountsDto Count<TRow>(IEnumerable<TRow> items, Func<TRow, string> status) =>
            new(items.Count(i => status(i) == AttendanceStatuses.Present), items.Count(i => status(i) == AttendanceStatuses.Apologies), items.Count(i => status(i) == AttendanceStatuses.Absent));
        var byType = StakeholderTypes.All.ToDictionary(type => type.ToWire(), type => Count(ordered.Where(r => r.StakeholderType == type), r => r.Status));
        if (view.Anonymous)
        {
            return new AttendanceDto([], byType, []);
        }
        return new AttendanceDto(
            ordered.Select(r => new AttendanceEntryDto(r.UserId, r.DisplayName, r.Organisation, r.StakeholderType.ToWire(), r.Status)).ToList(),
            byType,
            ordered.GroupBy(r => (r.OrganisationId, r.Organisation, r.StakeholderType)).Select(g => new OrganisationAttendanceDto(g.Key.OrganisationId, g.Key.Organisation, g.Key.StakeholderType.ToWire(), Count(g, r => r.Status))).ToList());
    }

    /// <summary>Open actions of the group from meetings that started before this one.</summary>
    internal async Task<List<ActionItem>> ReviewActionsAsync(Meeting meeting, CancellationToken cancellationToken) =>
        await (from a in db.Set<ActionItem>().AsNoTracking()
               join m in db.Set<Meeting>() on a.MeetingId equals m.Id
               where a.GroupId == meeting.GroupId && a.Status == ActionStatuses.Open && a.MeetingId != meeting.Id && m.StartsAt < meeting.StartsAt
               orderby a.DueDate
               select a).ToListAsync(cancellationToken);

    public static MeetingSummaryDto ToSummary(Meeting m) => new(
        m.Id, m.GroupId, m.Title, MeetingTimes.InZone(m.StartsAt, m.TimeZone), MeetingTimes.InZone(m.EndsAt, m.TimeZone), m.TimeZone, m.Location, m.OnlineUrl,
        m.Status, m.Attribution, m.AgendaPublishedAt is not null, m.Status == MeetingStatuses.MinutesPublished);
}

/// <summary>What the group page's meetings section shows (<see cref="MeetingReader.GroupPanelAsync"/>).</summary>
public sealed record GroupPanel(IReadOnlyList<MeetingSummaryDto> Upcoming, IReadOnlyList<MeetingSummaryDto> Past, IReadOnlyList<ActionDto> OpenActions);
