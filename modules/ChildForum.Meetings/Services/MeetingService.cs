using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Notifications;
using ChildForum.Core.Organisations;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Mail;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Services;

/// <summary>Meetings, agendas, attendance, decisions and actions: the one implementation behind the API and the pages.
/// What readers get of a Chatham House meeting is decided here (<see cref="GetAsync"/>), not in the views.</summary>
public sealed class MeetingService(
    ForumDbContext db,
    IGroupMembers groups,
    MeetingAccesses accesses,
    MeetingTextGuard guard,
    IEnumerable<ChildForum.Core.Content.IGroupContent> content,
    IAuditLog audit,
    Notifier notifier,
    IMailOutbox mail,
    ChildForum.Core.Search.ISearchOutbox search,
    TimeProvider clock,
    IStringLocalizer<MeetingsResource> t)
{
    public const string ReviewTitle = "Review of open actions";

    internal ForumDbContext Db => db;
    internal IStringLocalizer T => t;
    internal IAuditLog Audit => audit;
    internal Notifier Notifier => notifier;
    internal IMailOutbox Mail => mail;
    internal MeetingTextGuard Guard => guard;

    /// <summary>The meeting's agenda (and, when <paramref name="minutes"/>, its minutes) go to the search outbox in this unit of work.</summary>
    internal void Reindex(Meeting meeting, bool minutes = false)
    {
        search.Changed(MeetingSearchSource.Parent(meeting.Id));
        if (minutes)
        {
            search.Changed(MinutesSearchSource.Parent(meeting.Id));
        }
    }
    internal DateTime Now => clock.GetUtcNow().UtcDateTime;
    internal DateOnly Today => DateOnly.FromDateTime(Now);

    internal Outcome<T>? RefuseIfCancelled<T>(Meeting meeting) =>
        meeting.Status == MeetingStatuses.Cancelled ? Outcome<T>.Conflict(t["This meeting is cancelled: it can no longer be changed."]) : null;

    // ---- Meetings ----------------------------------------------------------------------------

    /// <summary>The group's meetings, earliest first; a Chatham House meeting's title and place without names for readers.</summary>
    public async Task<IReadOnlyList<MeetingSummaryDto>> ListAsync(GroupAccess group, CancellationToken cancellationToken)
    {
        var list = (await db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == group.GroupId).ToListAsync(cancellationToken)).OrderBy(m => m.StartsAt).ToList();
        return await SummariesAsync(list, group, cancellationToken);
    }

    /// <summary>The group page's section: the next <paramref name="count"/> meetings not yet over (earliest first) and the
    /// last <paramref name="count"/> that are (latest first), limited in the database so that the page costs the same
    /// however many meetings the group has held.</summary>
    public async Task<(IReadOnlyList<MeetingSummaryDto> Upcoming, IReadOnlyList<MeetingSummaryDto> Past)> WindowAsync(GroupAccess group, int count, CancellationToken cancellationToken)
    {
        var now = Now;
        var meetings = db.Set<Meeting>().AsNoTracking().Where(m => m.GroupId == group.GroupId);
        var upcoming = await meetings.Where(m => m.EndsAt >= now).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).Take(count).ToListAsync(cancellationToken);
        var past = await meetings.Where(m => m.EndsAt < now).OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id).Take(count).ToListAsync(cancellationToken);
        return (await SummariesAsync(upcoming, group, cancellationToken), await SummariesAsync(past, group, cancellationToken));
    }

    private async Task<IReadOnlyList<MeetingSummaryDto>> SummariesAsync(IReadOnlyList<Meeting> list, GroupAccess group, CancellationToken cancellationToken)
    {
        await PreloadLanguagesAsync(list.Where(m => m.Attribution == Attributions.ChathamHouse && !new MeetingAccess(m, group).Facilitates).Select(m => m.Id).ToList(), cancellationToken);
        var result = new List<MeetingSummaryDto>(list.Count);
        foreach (var meeting in list)
        {
            var summary = ToSummary(meeting);
            if (meeting.Attribution == Attributions.ChathamHouse && await ViewAsync(new MeetingAccess(meeting, group), cancellationToken) is { Anonymous: true } view)
            {
                summary = summary with { Title = view.Text(summary.Title)!, Location = view.Text(summary.Location)! };
            }
            result.Add(summary);
        }
        return result;
    }

    public async Task<Outcome<MeetingDto>> CreateAsync(GroupAccess group, ClaimsPrincipal user, CreateMeetingRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var details = CheckDetails(request.Title, request.StartsAt, request.EndsAt, request.TimeZone, request.Location, request.OnlineUrl, validation);
        var items = await CheckAgendaAsync(group, request.Agenda, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<MeetingDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData, [.. DetailTexts(details!.Title, details.Location), .. AgendaTexts(items)]);
        if (!guarded.Allowed)
        {
            return guarded.Failure<MeetingDto>();
        }
        var now = Now;
        var meeting = new Meeting
        {
            GroupId = group.GroupId, Uid = Guid.NewGuid().ToString("N"), Title = details!.Title, StartsAt = details.StartsAt, EndsAt = details.EndsAt,
            TimeZone = details.TimeZone, Location = details.Location, OnlineUrl = details.OnlineUrl, Status = MeetingStatuses.Planned,
            CreatedById = user.GetUserId()!, CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        db.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        AddAgenda(meeting, items!);
        await AddActionReviewAsync(meeting, cancellationToken);
        audit.Record("meeting.created", $"Scheduled meeting '{meeting.Title}'", group.GroupId, "meeting", Id(meeting.Id));
        var told = await guard.FlagAsync(guarded, meeting, group.Slug, meeting.CreatedById, "the details or agenda", cancellationToken);
        Reindex(meeting);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Created((await GetAsync(new MeetingAccess(meeting, group), cancellationToken)));
    }

    /// <summary>Changes the details and, when given, replaces the agenda (items keep decisions and actions by position).</summary>
    public async Task<Outcome<MeetingDto>> UpdateAsync(MeetingAccess access, ClaimsPrincipal user, UpdateMeetingRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (RefuseIfCancelled<MeetingDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var details = CheckDetails(request.Title ?? meeting.Title, request.StartsAt ?? Iso(meeting.StartsAt), request.EndsAt ?? Iso(meeting.EndsAt),
            request.TimeZone ?? meeting.TimeZone, request.Location ?? meeting.Location, request.OnlineUrl ?? meeting.OnlineUrl, validation);
        var items = request.Agenda is null ? null : await CheckAgendaAsync(access.Group, request.Agenda, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<MeetingDto>.Invalid(validation);
        }
        // Only what the request changes: a stored text the author once confirmed is not asked about again.
        var guarded = guard.Check(request.ConfirmPersonalData,
            [.. DetailTexts(request.Title is null ? null : details!.Title, request.Location is null ? null : details!.Location), .. AgendaTexts(items)]);
        if (!guarded.Allowed)
        {
            return guarded.Failure<MeetingDto>();
        }
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        (meeting.Title, meeting.StartsAt, meeting.EndsAt, meeting.TimeZone, meeting.Location, meeting.OnlineUrl) =
            (details!.Title, details.StartsAt, details.EndsAt, details.TimeZone, details.Location, details.OnlineUrl);
        if (items is not null)
        {
            var existing = await db.Set<AgendaItem>().Where(i => i.MeetingId == meeting.Id && !i.ReviewsActions).OrderBy(i => i.Position).ToListAsync(cancellationToken);
            for (var i = 0; i < Math.Max(existing.Count, items.Count); i++)
            {
                if (i < existing.Count && i < items.Count)
                {
                    Copy(items[i], existing[i], i + 1);
                }
                else if (i < items.Count)
                {
                    var item = new AgendaItem { MeetingId = meeting.Id, Title = "" };
                    Copy(items[i], item, i + 1);
                    db.Add(item);
                }
                else
                {
                    db.Remove(existing[i]);
                }
            }
        }
        meeting.Sequence++;
        meeting.UpdatedAt = Now;
        audit.Record("meeting.updated", $"Changed meeting '{meeting.Title}'", meeting.GroupId, "meeting", Id(meeting.Id));
        if (meeting.AgendaPublishedAt is not null)
        {
            // Members have the meeting in their calendars since the agenda's mail: they get the change (same UID, higher SEQUENCE).
            await MailMembersAsync(access, MailKinds.MeetingChanged, cancellationToken);
        }
        var told = await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), "the details or agenda", cancellationToken);
        Reindex(meeting, minutes: true);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Ok(await GetAsync(access, cancellationToken));
    }

    public async Task<Outcome<MeetingDto>> CancelAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (RefuseIfCancelled<MeetingDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        if (meeting.Status == MeetingStatuses.MinutesPublished)
        {
            return Outcome<MeetingDto>.Conflict(t["This meeting has published minutes: it took place and cannot be cancelled."]);
        }
        meeting.Status = MeetingStatuses.Cancelled;
        meeting.Sequence++;
        meeting.UpdatedAt = Now;
        audit.Record("meeting.cancelled", $"Cancelled meeting '{meeting.Title}'", meeting.GroupId, "meeting", Id(meeting.Id));
        Reindex(meeting);
        var told = await NotifyMembersAsync(access, "Meeting cancelled: {0}", MailKinds.MeetingCancelled, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Ok(await GetAsync(access, cancellationToken));
    }

    public async Task<Outcome<MeetingDto>> PublishAgendaAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (RefuseIfCancelled<MeetingDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        if (meeting.AgendaPublishedAt is not null)
        {
            return Outcome<MeetingDto>.Conflict(t["The agenda is already published. Changes to it reach members at once."]);
        }
        await AddActionReviewAsync(meeting, cancellationToken);
        if (!await db.Set<AgendaItem>().AnyAsync(i => i.MeetingId == meeting.Id, cancellationToken) && !db.ChangeTracker.Entries<AgendaItem>().Any(e => e.Entity.MeetingId == meeting.Id && e.State == EntityState.Added))
        {
            return Outcome<MeetingDto>.Conflict(t["The agenda is empty. Add at least one item before publishing it."]);
        }
        meeting.AgendaPublishedAt = Now;
        if (meeting.Status == MeetingStatuses.Planned)
        {
            meeting.Status = MeetingStatuses.AgendaPublished;
        }
        meeting.Sequence++;
        meeting.UpdatedAt = Now;
        audit.Record("meeting.agenda-published", $"Published the agenda of meeting '{meeting.Title}'", meeting.GroupId, "meeting", Id(meeting.Id));
        Reindex(meeting);
        var told = await NotifyMembersAsync(access, "Agenda published: {0}", MailKinds.Agenda, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Ok(await GetAsync(access, cancellationToken));
    }

    // ---- Reading -----------------------------------------------------------------------------

    /// <summary>The meeting as the caller may see it: agenda once published (facilitators always), published
    /// minutes (facilitators also the draft), and under Chatham House no person or organisation for readers.</summary>
    public async Task<MeetingDto> GetAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        var facilitator = access.Facilitates;
        var items = await db.Set<AgendaItem>().AsNoTracking().Where(i => i.MeetingId == meeting.Id).OrderBy(i => i.Position).ToListAsync(cancellationToken);
        var actions = await db.Set<ActionItem>().AsNoTracking().Where(a => a.MeetingId == meeting.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var view = await ViewAsync(access, cancellationToken, shown: actions);
        // Each action as its own meeting allows: an action from a Chatham House meeting stays anonymous in a named one's review.
        // and in a Chatham House meeting's own review, every action is anonymous for readers.
        var review = items.Any(i => i.ReviewsActions) ? await ActionDtosAsync(await ReviewActionsAsync(meeting, cancellationToken), access.Group, cancellationToken, view.Anonymous) : [];
        var showAgenda = facilitator || meeting.AgendaPublishedAt is not null;
        var agenda = showAgenda
            ? items.Select(i => new AgendaItemDto(i.Id, i.Position, view.Text(i.Title)!, view.Text(i.Presenter), i.DurationMinutes, view.Text(i.Notes), i.DraftId, i.ThreadId, i.ReviewsActions,
                i.ReviewsActions ? review : null)).ToList()
            : null;
        var decisions = await db.Set<Decision>().AsNoTracking().Where(d => d.MeetingId == meeting.Id).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var minutes = await MinutesAsync(access, view, cancellationToken);
        return new MeetingDto(
            meeting.Id, meeting.GroupId, view.Text(meeting.Title)!, MeetingTimes.InZone(meeting.StartsAt, meeting.TimeZone), MeetingTimes.InZone(meeting.EndsAt, meeting.TimeZone),
            meeting.TimeZone, view.Text(meeting.Location)!, meeting.OnlineUrl, meeting.Status, meeting.Attribution, meeting.AgendaPublishedAt is not null,
            minutes?.Version is not null, meeting.Sequence,
            agenda, minutes, await AttendanceAsync(meeting, view, cancellationToken),
            decisions.Select(d => new DecisionDto(d.Id, d.AgendaItemId, view.Text(d.Text)!, Utc(d.CreatedAt))).ToList(),
            actions.Select(view.Action).ToList());
    }

    /// <summary>How the caller is shown the meeting's people and text. An anonymous view (Chatham House, not a
    /// facilitator) cleans text of the name of everyone on the site; a named view reads only the people it shows: the
    /// owners of <paramref name="shown"/> (the actions the caller is about to show through it).</summary>
    internal async Task<PeopleView> ViewAsync(MeetingAccess access, CancellationToken cancellationToken, bool anonymous = false, IEnumerable<ActionItem>? shown = null)
    {
        // Organisations and the name-matching Attributor are the same for every meeting of a request (the group page
        // builds a view per meeting of its open actions): made once per scope.
        _organisations ??= await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => (o.Name, o.StakeholderType.ToWire()), cancellationToken);
        anonymous = !access.Facilitates && (anonymous || access.Meeting.Attribution == Attributions.ChathamHouse);
        var anonymiser = anonymous ? new Anonymiser(await AttributorAsync(cancellationToken), await LanguageAsync(access.Meeting, cancellationToken)) : null;
        await LoadPeopleAsync((shown ?? []).Select(a => a.OwnerUserId), cancellationToken);
        return new PeopleView(anonymiser, _people, _organisations, Today);
    }

    /// <summary>The language the meeting's names are written in: that of its latest minutes, else guessed from its title.</summary>
    private async Task<string> LanguageAsync(Meeting meeting, CancellationToken cancellationToken) =>
        (_languages.Remove(meeting.Id, out var preloaded)
            ? preloaded
            : await db.Set<MinutesVersion>().Where(v => v.MeetingId == meeting.Id).OrderByDescending(v => v.Number).Select(v => v.Language).FirstOrDefaultAsync(cancellationToken))
        ?? Attributor.DetectLanguage(meeting.Title);

    /// <summary>The name-matching Attributor over everyone on the site, not only today's members: a person who left the
    /// group is still named in old text. Once per scope.</summary>
    internal async Task<Attributor> AttributorAsync(CancellationToken cancellationToken)
    {
        if (_attributor is null)
        {
            var everyone = await EveryoneAsync(cancellationToken);
            _attributor = new Attributor(everyone);
            foreach (var person in everyone)
            {
                _people[person.UserId] = person;
            }
        }
        return _attributor;
    }

    /// <summary>Reads the people of <paramref name="userIds"/> not read yet in this scope, in one query (none when all are).</summary>
    private async Task LoadPeopleAsync(IEnumerable<string?> userIds, CancellationToken cancellationToken)
    {
        var missing = userIds.OfType<string>().Where(id => !_people.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var found = await (from u in db.Users
                           join o in db.Organisations on u.OrganisationId equals o.Id
                           where missing.Contains(u.Id)
                           select new { u.Id, u.DisplayName, OrganisationId = o.Id, o.Name, o.StakeholderType }).ToListAsync(cancellationToken);
        foreach (var p in found)
        {
            _people[p.Id] = new Participant(p.Id, p.DisplayName, p.OrganisationId, p.Name, p.StakeholderType.ToWire());
        }
    }

    /// <summary>The language of each meeting's latest minutes (null: none yet), which an anonymous view matches names in:
    /// read for the meetings of a list that will be shown anonymously in one query by <see cref="PreloadLanguagesAsync"/>
    /// and taken out by the next view of that meeting, so that a list costs no query per meeting and a later view in the
    /// same request reads minutes published since.</summary>
    private readonly Dictionary<int, string?> _languages = [];

    private async Task PreloadLanguagesAsync(IReadOnlyList<int> meetingIds, CancellationToken cancellationToken)
    {
        if (meetingIds.Count < 2)
        {
            return; // one meeting's view asks for its own language: no gain in asking ahead
        }
        var versions = await db.Set<MinutesVersion>().AsNoTracking().Where(v => meetingIds.Contains(v.MeetingId))
            .Select(v => new { v.MeetingId, v.Number, v.Language }).ToListAsync(cancellationToken);
        var latest = versions.GroupBy(v => v.MeetingId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!.Language);
        foreach (var id in meetingIds)
        {
            _languages[id] = latest.GetValueOrDefault(id);
        }
    }

    private IReadOnlyList<Participant>? _everyone;
    private Dictionary<int, (string Name, string Type)>? _organisations;
    private readonly Dictionary<string, Participant> _people = [];
    private Attributor? _attributor;

    /// <summary>Every person on the site with their organisation (once per request): the names that Chatham House
    /// text is cleaned of.</summary>
    internal async Task<IReadOnlyList<Participant>> EveryoneAsync(CancellationToken cancellationToken) =>
        _everyone ??= await (from u in db.Users
                             join o in db.Organisations on u.OrganisationId equals o.Id
                             select new { u.Id, u.DisplayName, OrganisationId = o.Id, o.Name, o.StakeholderType }).AsAsyncEnumerable()
            .Select(p => new Participant(p.Id, p.DisplayName, p.OrganisationId, p.Name, p.StakeholderType.ToWire())).ToListAsync(cancellationToken);

    /// <summary>Everyone who may be named in the meeting's record: the group's members, the attendance list and action owners.</summary>
    internal async Task<IReadOnlyList<Participant>> ParticipantsAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var members = (await groups.GetMembersAsync(meeting.GroupId, cancellationToken)).Select(m => m.UserId);
        var attendees = await db.Set<Attendance>().Where(a => a.MeetingId == meeting.Id).Select(a => a.UserId).ToListAsync(cancellationToken);
        var owners = await db.Set<ActionItem>().Where(a => a.GroupId == meeting.GroupId && a.OwnerUserId != null).Select(a => a.OwnerUserId!).ToListAsync(cancellationToken);
        var ids = members.Concat(attendees).Concat(owners).Distinct().ToList();
        return await (from u in db.Users
                      join o in db.Organisations on u.OrganisationId equals o.Id
                      where ids.Contains(u.Id)
                      select new { u.Id, u.DisplayName, OrganisationId = o.Id, o.Name, o.StakeholderType }).AsAsyncEnumerable()
            .Select(p => new Participant(p.Id, p.DisplayName, p.OrganisationId, p.Name, p.StakeholderType.ToWire())).ToListAsync(cancellationToken);
    }

    private async Task<MinutesDto?> MinutesAsync(MeetingAccess access, PeopleView view, CancellationToken cancellationToken)
    {
        var versions = await db.Set<MinutesVersion>().AsNoTracking().Where(v => v.MeetingId == access.Meeting.Id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        var facilitator = access.Facilitates;
        MinutesDraftDto? draft = null;
        if (facilitator && await db.Set<MinutesDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.MeetingId == access.Meeting.Id, cancellationToken) is { } stored)
        {
            var latest = versions.LastOrDefault();
            var attributor = await AttributorAsync(cancellationToken);
            draft = new MinutesDraftDto(stored.Body, stored.Attribution, Utc(stored.UpdatedAt),
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
        return new MinutesDto(current?.Number, current?.Body, current?.Html, current?.Attribution, current?.Language, current is null ? null : Utc(current.PublishedAt),
            shown.Select(v => new MinutesVersionInfoDto(v.Number, Utc(v.PublishedAt), v.Attribution, Withheld(access.Meeting, v))).ToList(), draft,
            current is not null && Withheld(access.Meeting, current));
    }

    /// <summary>A named version of a meeting that readers now get under Chatham House: only facilitators read it.</summary>
    internal static bool Withheld(Meeting meeting, MinutesVersion version) =>
        meeting.Attribution == Attributions.ChathamHouse && version.Attribution != Attributions.ChathamHouse;

    private async Task<AttendanceDto> AttendanceAsync(Meeting meeting, PeopleView view, CancellationToken cancellationToken)
    {
        var rows = await (from a in db.Set<Attendance>().AsNoTracking()
                          join u in db.Users on a.UserId equals u.Id
                          join o in db.Organisations on u.OrganisationId equals o.Id
                          where a.MeetingId == meeting.Id
                          select new { a.UserId, u.DisplayName, OrganisationId = o.Id, Organisation = o.Name, o.StakeholderType, a.Status }).ToListAsync(cancellationToken);
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
    private async Task<List<ActionItem>> ReviewActionsAsync(Meeting meeting, CancellationToken cancellationToken) =>
        await (from a in db.Set<ActionItem>().AsNoTracking()
               join m in db.Set<Meeting>() on a.MeetingId equals m.Id
               where a.GroupId == meeting.GroupId && a.Status == ActionStatuses.Open && a.MeetingId != meeting.Id && m.StartsAt < meeting.StartsAt
               orderby a.DueDate
               select a).ToListAsync(cancellationToken);

    /// <summary>Puts the "review of actions" item first on the agenda when the group has open actions from earlier meetings.</summary>
    private async Task AddActionReviewAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        if (await db.Set<AgendaItem>().AnyAsync(i => i.MeetingId == meeting.Id && i.ReviewsActions, cancellationToken)
            || (await ReviewActionsAsync(meeting, cancellationToken)).Count == 0)
        {
            return;
        }
        db.Add(new AgendaItem { MeetingId = meeting.Id, Position = 0, Title = ReviewTitle, ReviewsActions = true, DurationMinutes = 10 });
    }

    // ---- Attendance, decisions, actions ------------------------------------------------------

    public async Task<Outcome<AttendanceDto>> SetAttendanceAsync(MeetingAccess access, IReadOnlyList<AttendanceRequest>? request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (RefuseIfCancelled<AttendanceDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        if (request is null)
        {
            validation.Add("attendance", "Send a list of objects with userId and status.");
            return Outcome<AttendanceDto>.Invalid(validation);
        }
        if (request.Count > 1000)
        {
            validation.Add("attendance", "At most {0} people.", 1000);
            return Outcome<AttendanceDto>.Invalid(validation);
        }
        var members = (await groups.GetMembersAsync(meeting.GroupId, cancellationToken)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Count; i++)
        {
            var entry = request[i];
            var prefix = $"[{i}]";
            if (entry is null || string.IsNullOrWhiteSpace(entry.UserId))
            {
                validation.Add(prefix + ".userId", "This field is required.");
            }
            else if (!members.Contains(entry.UserId))
            {
                validation.Add(prefix + ".userId", "This person is not a member of the group.");
            }
            else if (!seen.Add(entry.UserId))
            {
                validation.Add(prefix + ".userId", "This person is on the list twice.");
            }
            if (entry is not null && !AttendanceStatuses.All.Contains(entry.Status ?? ""))
            {
                validation.Add(prefix + ".status", "Choose one of: {0}.", string.Join(", ", AttendanceStatuses.All));
            }
        }
        if (!validation.IsValid)
        {
            return Outcome<AttendanceDto>.Invalid(validation);
        }
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        await db.Set<Attendance>().Where(a => a.MeetingId == meeting.Id).ExecuteDeleteAsync(cancellationToken);
        foreach (var entry in request)
        {
            db.Add(new Attendance { MeetingId = meeting.Id, UserId = entry.UserId!, Status = entry.Status! });
        }
        if (meeting.Status is MeetingStatuses.Planned or MeetingStatuses.AgendaPublished && meeting.StartsAt <= Now)
        {
            meeting.Status = MeetingStatuses.Held;
        }
        meeting.UpdatedAt = Now;
        // Minutes are found by the stakeholder types of the people present.
        Reindex(meeting, minutes: true);
        audit.Record("meeting.attendance", $"Recorded attendance of meeting '{meeting.Title}'", meeting.GroupId, "meeting", Id(meeting.Id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        return Outcome<AttendanceDto>.Ok(await AttendanceAsync(meeting, await ViewAsync(access, cancellationToken), cancellationToken));
    }

    public async Task<Outcome<DecisionDto>> AddDecisionAsync(MeetingAccess access, ClaimsPrincipal user, DecisionRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (RefuseIfCancelled<DecisionDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var text = validation.RequireText("text", Clean(request.Text), Decision.TextMaxLength);
        await CheckAgendaItemAsync(meeting, request.AgendaItemId, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<DecisionDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData, new GuardedText("text", text));
        if (!guarded.Allowed)
        {
            return guarded.Failure<DecisionDto>();
        }
        var decision = new Decision { MeetingId = meeting.Id, AgendaItemId = request.AgendaItemId, Text = text!, CreatedById = user.GetUserId()!, CreatedAt = Now };
        db.Add(decision);
        audit.Record("meeting.decision", $"Recorded a decision of meeting '{meeting.Title}'", meeting.GroupId, "meeting", Id(meeting.Id));
        var told = await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), "a decision", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<DecisionDto>.Created(new DecisionDto(decision.Id, decision.AgendaItemId, decision.Text, Utc(decision.CreatedAt)));
    }

    public async Task<Outcome<ActionDto>> AddActionAsync(MeetingAccess access, ClaimsPrincipal user, ActionRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (RefuseIfCancelled<ActionDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var title = validation.RequireText("title", Clean(request.Title), ActionItem.TitleMaxLength);
        var due = MeetingTimes.ParseDate("dueDate", request.DueDate, validation);
        await CheckAgendaItemAsync(meeting, request.AgendaItemId, validation, cancellationToken);
        if (request.OwnerUserId is null == request.OwnerOrganisationId is null)
        {
            validation.Add("ownerUserId", "Give either ownerUserId (a person) or ownerOrganisationId (an organisation), not both.");
        }
        else if (request.OwnerUserId is { } ownerUser && !(await groups.GetMembersAsync(meeting.GroupId, cancellationToken)).Any(m => m.UserId == ownerUser))
        {
            validation.Add("ownerUserId", "This person is not a member of the group.");
        }
        else if (request.OwnerOrganisationId is { } ownerOrganisation && !await db.Organisations.AnyAsync(o => o.Id == ownerOrganisation, cancellationToken))
        {
            validation.Add("ownerOrganisationId", "There is no such organisation.");
        }
        if (!validation.IsValid)
        {
            return Outcome<ActionDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData, new GuardedText("title", title));
        if (!guarded.Allowed)
        {
            return guarded.Failure<ActionDto>();
        }
        var action = new ActionItem
        {
            GroupId = meeting.GroupId, MeetingId = meeting.Id, AgendaItemId = request.AgendaItemId, Title = title!, OwnerUserId = request.OwnerUserId,
            OwnerOrganisationId = request.OwnerOrganisationId, DueDate = due!.Value, Status = ActionStatuses.Open, CreatedAt = Now,
        };
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        db.Add(action);
        audit.Record("meeting.action", $"Recorded an action of meeting '{meeting.Title}'", meeting.GroupId, "meeting", Id(meeting.Id));
        List<string> told = [.. await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), "an action", cancellationToken)];
        if (request.OwnerUserId is { } owner)
        {
            notifier.Add(owner, "action", $"New action for you: {await ReaderTextAsync(access, action.Title, cancellationToken)} (due {action.DueDate:yyyy-MM-dd})", $"/groups/{access.Group.Slug}/meetings/{meeting.Id}#actions");
            told.Add(owner);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (request.OwnerUserId is { } assigned)
        {
            // The mail names the action by its id, which the first save gave it; both saves commit together.
            mail.Enqueue(new MailRequest(assigned, MailKinds.ActionAssigned, meeting.GroupId, MeetingMailComposer.ActionSubject(action.Id)));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<ActionDto>.Created((await ViewAsync(access, cancellationToken, shown: [action])).Action(action));
    }

    /// <summary>The owner (the person, or a member of the owning organisation) or a facilitator sets the status.</summary>
    public async Task<Outcome<ActionDto>> SetActionStatusAsync(int actionId, ClaimsPrincipal user, ActionStatusRequest request, CancellationToken cancellationToken)
    {
        var (action, decision) = await accesses.CheckActionAsync(actionId, user, GroupPermissions.Read, cancellationToken);
        if (action is null || !decision.Allowed)
        {
            return decision.ToOutcome<ActionDto>();
        }
        var access = decision.Access;
        var facilitates = accesses.Check(access, user, GroupPermissions.Facilitate);
        var userId = user.GetUserId();
        if (!facilitates.Allowed)
        {
            if (userId is null)
            {
                return facilitates.ToOutcome<ActionDto>();
            }
            var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(cancellationToken);
            var owns = action.OwnerUserId == userId
                || (action.OwnerOrganisationId == organisationId && accesses.Check(access, user, GroupPermissions.Contribute).Allowed);
            if (!owns)
            {
                // Ownership is this module's own rule, on top of the group's roles that the access rule decides.
                return Outcome<ActionDto>.Forbidden(t["Only the action's owner or a facilitator may change it."]);
            }
        }
        var status = request.Status?.Trim().ToLowerInvariant();
        if (status is null || !ActionStatuses.All.Contains(status))
        {
            return Outcome<ActionDto>.Invalid("status", "Choose one of: {0}.", string.Join(", ", ActionStatuses.All));
        }
        if (action.Status != status)
        {
            action.Status = status;
            action.ClosedAt = status == ActionStatuses.Open ? null : Now;
            action.ClosedById = status == ActionStatuses.Open ? null : userId;
            audit.Record("meeting.action-status", $"Marked action '{action.Title}' {status}", action.GroupId, "action", Id(action.Id));
            await db.SaveChangesAsync(cancellationToken);
        }
        return Outcome<ActionDto>.Ok((await ViewAsync(access, cancellationToken, shown: [action])).Action(action));
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
        await PreloadLanguagesAsync(meetings.Values.Where(m => (anonymous || m.Attribution == Attributions.ChathamHouse) && !new MeetingAccess(m, group).Facilitates).Select(m => m.Id).ToList(), cancellationToken);
        var views = new Dictionary<int, PeopleView>();
        var result = new List<ActionDto>();
        foreach (var action in actions)
        {
            if (!views.TryGetValue(action.MeetingId, out var view))
            {
                view = views[action.MeetingId] = await ViewAsync(new MeetingAccess(meetings[action.MeetingId], group), cancellationToken, anonymous, actions);
            }
            result.Add(view.Action(action));
        }
        return result;
    }

    // ---- Checks ------------------------------------------------------------------------------

    internal sealed record Details(string Title, DateTime StartsAt, DateTime EndsAt, string TimeZone, string Location, string? OnlineUrl);

    private Details? CheckDetails(string? title, string? startsAt, string? endsAt, string? timeZone, string? location, string? onlineUrl, Validation validation)
    {
        var checkedTitle = validation.RequireText("title", Clean(title), Meeting.TitleMaxLength);
        var zone = MeetingTimes.FindZone(timeZone);
        if (zone is null)
        {
            validation.Add("timeZone", string.IsNullOrWhiteSpace(timeZone) ? "This field is required." : "Give an IANA time zone such as Asia/Shanghai or Europe/Copenhagen.");
        }
        var start = MeetingTimes.ParseInstant("startsAt", startsAt, zone, validation);
        var end = MeetingTimes.ParseInstant("endsAt", endsAt, zone, validation);
        if (start is not null && end is not null)
        {
            if (end <= start)
            {
                validation.Add("endsAt", "The meeting must end after it starts.");
            }
            else if (end - start > MeetingTimes.LongestMeeting)
            {
                validation.Add("endsAt", "A meeting lasts at most 7 days.");
            }
        }
        var checkedLocation = validation.OptionalText("location", Clean(location), Meeting.LocationMaxLength) ?? "";
        var url = validation.OptionalText("onlineUrl", Clean(onlineUrl), Meeting.UrlMaxLength);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            validation.Add("onlineUrl", "Give a full web address starting with https://.");
        }
        return validation.IsValid ? new Details(checkedTitle!, start!.Value, end!.Value, zone!.Id, checkedLocation, url) : null;
    }

    private async Task<List<AgendaItemRequest>?> CheckAgendaAsync(GroupAccess group, IReadOnlyList<AgendaItemRequest>? agenda, Validation validation, CancellationToken cancellationToken)
    {
        var items = (agenda ?? []).ToList();
        if (items.Count > AgendaItem.MaxItems)
        {
            validation.Add("agenda", "An agenda has at most {0} items.", AgendaItem.MaxItems);
            return null;
        }
        var cleaned = new List<AgendaItemRequest>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var prefix = $"agenda[{i}]";
            if (item is null)
            {
                validation.Add(prefix, "This field is required.");
                continue;
            }
            var title = validation.RequireText(prefix + ".title", Clean(item.Title), AgendaItem.TitleMaxLength);
            var presenter = validation.OptionalText(prefix + ".presenter", Clean(item.Presenter), AgendaItem.PresenterMaxLength);
            var notes = validation.OptionalText(prefix + ".notes", Clean(item.Notes), AgendaItem.NotesMaxLength);
            if (item.DurationMinutes is { } minutes && (minutes < 1 || minutes > AgendaItem.MaxDurationMinutes))
            {
                validation.Add(prefix + ".durationMinutes", "Between 1 and {0} minutes.", AgendaItem.MaxDurationMinutes);
            }
            if (item.DraftId is { } draftId && !await ExistsInGroupAsync("draft", draftId, group.GroupId, cancellationToken))
            {
                validation.Add(prefix + ".draftId", "There is no such policy draft in this group.");
            }
            if (item.ThreadId is { } threadId && !await ExistsInGroupAsync("thread", threadId, group.GroupId, cancellationToken))
            {
                validation.Add(prefix + ".threadId", "There is no such thread in this group.");
            }
            cleaned.Add(item with { Title = title, Presenter = presenter, Notes = notes });
        }
        return cleaned;
    }

    /// <summary>Links to other modules' content go through <see cref="ChildForum.Core.Content.IGroupContent"/>: this module does
    /// not reference the others, and a link to a kind no module provides cannot be valid.</summary>
    private async Task<bool> ExistsInGroupAsync(string kind, int id, int groupId, CancellationToken cancellationToken) =>
        content.FirstOrDefault(c => c.Kind == kind) is { } provider && await provider.TitleAsync(id, groupId, cancellationToken) is not null;

    /// <summary>Title and page of linked content, for the agenda.</summary>
    public async Task<(string Title, string Url)?> LinkAsync(string kind, int id, GroupAccess group, CancellationToken cancellationToken) =>
        content.FirstOrDefault(c => c.Kind == kind) is { } provider && await provider.TitleAsync(id, group.GroupId, cancellationToken) is { } title
            ? (title, provider.Url(group.Slug, id))
            : null;

    private async Task CheckAgendaItemAsync(Meeting meeting, int? agendaItemId, Validation validation, CancellationToken cancellationToken)
    {
        if (agendaItemId is { } id && !await db.Set<AgendaItem>().AnyAsync(i => i.Id == id && i.MeetingId == meeting.Id, cancellationToken))
        {
            validation.Add("agendaItemId", "This meeting's agenda has no such item.");
        }
    }

    private void AddAgenda(Meeting meeting, List<AgendaItemRequest> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = new AgendaItem { MeetingId = meeting.Id, Title = "" };
            Copy(items[i], item, i + 1);
            db.Add(item);
        }
    }

    /// <summary>Position 0 is the review of actions; the written items count from 1.</summary>
    private static void Copy(AgendaItemRequest request, AgendaItem item, int position)
    {
        item.Title = request.Title!;
        item.Presenter = request.Presenter;
        item.DurationMinutes = request.DurationMinutes;
        item.Notes = request.Notes;
        item.DraftId = request.DraftId;
        item.ThreadId = request.ThreadId;
        item.Position = position;
    }

    // ---- Shared ------------------------------------------------------------------------------

    /// <summary>Tells every member, in the app and by a mail of <paramref name="mailKind"/>; <paramref name="text"/> gets the
    /// meeting's title (without names under Chatham House).</summary>
    internal async Task<List<string>> NotifyMembersAsync(MeetingAccess access, string text, string mailKind, CancellationToken cancellationToken, string? mailData = null)
    {
        var message = string.Format(CultureInfo.InvariantCulture, text, await ReaderTextAsync(access, access.Meeting.Title, cancellationToken));
        var members = await MailMembersAsync(access, mailKind, cancellationToken, mailData);
        foreach (var member in members)
        {
            notifier.Add(member, "meeting", message, MeetingUrl(access));
        }
        return members;
    }

    /// <summary>Queues a mail about the meeting to every member, in this unit of work. It carries the SEQUENCE of this
    /// change; the mail is composed when sent, as each member may read the meeting then.</summary>
    internal async Task<List<string>> MailMembersAsync(MeetingAccess access, string mailKind, CancellationToken cancellationToken, string? mailData = null)
    {
        var members = (await groups.GetMembersAsync(access.Group.GroupId, cancellationToken)).Select(m => m.UserId).ToList();
        var data = mailData ?? MailText.Data(new { sequence = access.Meeting.Sequence });
        foreach (var member in members)
        {
            mail.Enqueue(new MailRequest(member, mailKind, access.Group.GroupId, MeetingMailComposer.Subject(access.Meeting.Id), data));
        }
        return members;
    }

    /// <summary>A text as readers get it, whoever writes it: without names when the meeting is under Chatham House.</summary>
    private async Task<string> ReaderTextAsync(MeetingAccess access, string text, CancellationToken cancellationToken)
    {
        if (access.Meeting.Attribution != Attributions.ChathamHouse)
        {
            return text;
        }
        return (await AttributorAsync(cancellationToken)).Anonymise(text, await LanguageAsync(access.Meeting, cancellationToken));
    }

    internal static string MeetingUrl(MeetingAccess access) => $"/groups/{access.Group.Slug}/meetings/{access.Meeting.Id}";

    /// <summary>When a meeting goes under Chatham House: the notifications already sent about it lose their names too.</summary>
    internal async Task AnonymiseNotificationsAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var url = MeetingUrl(access);
        var attributor = await AttributorAsync(cancellationToken);
        var language = await LanguageAsync(access.Meeting, cancellationToken);
        var sent = await db.Notifications.Where(n => n.Url == url || n.Url.StartsWith(url + "#")).ToListAsync(cancellationToken);
        foreach (var notification in sent)
        {
            notification.Text = attributor.Anonymise(notification.Text, language);
        }
    }

    private static IEnumerable<GuardedText> DetailTexts(string? title, string? location) =>
        [new("title", title), new("location", location)];

    private static IEnumerable<GuardedText> AgendaTexts(IReadOnlyList<AgendaItemRequest>? items) =>
        (items ?? []).SelectMany((item, i) => new GuardedText[]
        {
            new($"agenda[{i}].title", item.Title), new($"agenda[{i}].presenter", item.Presenter), new($"agenda[{i}].notes", item.Notes),
        });


    internal static string? Clean(string? text) => text?.Replace("\0", "", StringComparison.Ordinal);

    public static MeetingSummaryDto ToSummary(Meeting m) => new(
        m.Id, m.GroupId, m.Title, MeetingTimes.InZone(m.StartsAt, m.TimeZone), MeetingTimes.InZone(m.EndsAt, m.TimeZone), m.TimeZone, m.Location, m.OnlineUrl,
        m.Status, m.Attribution, m.AgendaPublishedAt is not null, m.Status == MeetingStatuses.MinutesPublished);

    private static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
