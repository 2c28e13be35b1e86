using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildForum.Meetings.Services;

/// <summary>How a caller is shown a meeting's people and text (<see cref="PeopleView"/>), and the name-matching
/// <see cref="Attributor"/> behind a Chatham House reader's view. Scoped: what it reads is kept for the request, so a
/// page of many meetings asks once.
/// <para>An anonymous view cleans its texts of the name of anyone on the site, not only today's members (a person who
/// left the group is still named in old text). It reads only the people and organisations whose names occur in those
/// texts (<see cref="AttributorForAsync"/>): a name that a text does not hold can never match in it, so the text comes
/// out exactly as with everyone, and a page reads the same rows however many people the site has. A view shows nothing
/// of a text it was not prepared for (and logs the mistake), rather than let a name through.</para></summary>
public sealed class PeopleViews(ForumDbContext db, IGroupMembers groups, PeopleDirectory directory, TimeProvider clock, ILogger<PeopleViews> logger)
{
    /// <summary>Between texts searched together: no name or organisation holds it, so none matches across two texts.</summary>
    private const string Separator = "\n\u0001\n";

    private readonly Dictionary<string, Participant> _people = [];
    private readonly Dictionary<int, (string Name, string Type)> _organisations = [];
    private readonly Dictionary<int, string?> _languages = [];
    private readonly HashSet<string> _searched = new(StringComparer.Ordinal);
    // Sorted by id: when two people (or organisations) share a name, the same one decides its stakeholder type every time.
    private readonly SortedDictionary<string, Participant> _named = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, (string Name, string Type)> _namedOrganisations = [];
    private Attributor? _attributor;
    private IReadOnlyList<Participant>? _everyone;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>How the caller is shown the meeting's people and text. An anonymous view (Chatham House, not a facilitator;
    /// or <paramref name="anonymous"/>) cleans <paramref name="texts"/> and the titles of <paramref name="shown"/> of names;
    /// a named view reads only the people it shows: the owners of <paramref name="shown"/> (the actions the caller is
    /// about to show through it).</summary>
    internal async Task<PeopleView> ViewAsync(MeetingAccess access, CancellationToken cancellationToken, bool anonymous = false,
        IEnumerable<ActionItem>? shown = null, IEnumerable<string?>? texts = null)
    {
        var actions = (shown ?? []).ToList();
        anonymous = !access.Facilitates && (anonymous || access.Meeting.Attribution == Attributions.ChathamHouse);
        var anonymiser = anonymous
            ? new Anonymiser(await AttributorForAsync((texts ?? []).Concat(actions.Select(a => a.Title)), cancellationToken), await LanguageAsync(access.Meeting, cancellationToken), _searched)
            : null;
        await LoadPeopleAsync(actions.Select(a => a.OwnerUserId), cancellationToken);
        await LoadOrganisationsAsync(actions.Select(a => a.OwnerOrganisationId), cancellationToken);
        return new PeopleView(anonymiser, _people, _organisations, Today, logger);
    }

    /// <summary>An Attributor that finds every name of a person or organisation on the site that <paramref name="texts"/>
    /// hold (and those of texts searched earlier in this scope). Reads, in one query, only the people and organisations
    /// whose names occur in the texts not searched yet (none when all were).</summary>
    internal async Task<Attributor> AttributorForAsync(IEnumerable<string?> texts, CancellationToken cancellationToken)
    {
        var fresh = texts.OfType<string>().Where(t => t.Length > 0 && !_searched.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        if (fresh.Count > 0)
        {
            var joined = string.Join(Separator, fresh);
            // Case as the Attributor ignores it: the text lowered here, each name lowered by the database (every letter on
            // both databases: the site gives SQLite a Unicode lower(), SqliteConnectionSetup), and each name also as written.
            var lowered = joined.ToLowerInvariant();
            var found = await NamesIn.For(db)(db, lowered, joined).ToListAsync(cancellationToken);
            foreach (var p in found)
            {
                if (p is { UserId: { } id, DisplayName: { } name })
                {
                    _named[id] = new Participant(id, name, p.OrganisationId, p.Name, p.StakeholderType.ToWire());
                }
                else
                {
                    _namedOrganisations[p.OrganisationId] = (p.Name, p.StakeholderType.ToWire());
                }
            }
            _searched.UnionWith(fresh);
            if (found.Count > 0)
            {
                _attributor = null;
            }
        }
        return _attributor ??= new Attributor(_named.Values, _namedOrganisations.Values);
    }

    /// <summary>A person (with their organisation) or, with no person, an organisation whose name a text holds.</summary>
    private sealed record NamedRow(string? UserId, string? DisplayName, int OrganisationId, string Name, StakeholderType StakeholderType);

    /// <summary>People and organisations whose names occur in the texts, in one query (a person's row carries their id, an
    /// organisation's row none): <c>lowered</c> is the texts lowered, <c>joined</c> as written. Compiled: pages that show
    /// Chatham House texts ask it on every request.</summary>
    private static readonly PerModel<Func<ForumDbContext, string, string, IAsyncEnumerable<NamedRow>>> NamesIn = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, string lowered, string joined) =>
            (from u in db.Users
             join o in db.Organisations on u.OrganisationId equals o.Id
             where u.DisplayName.Trim().Length >= 2 && (lowered.Contains(u.DisplayName.Trim().ToLower()) || joined.Contains(u.DisplayName.Trim()))
             select new { UserId = (string?)u.Id, DisplayName = (string?)u.DisplayName, OrganisationId = o.Id, o.Name, o.StakeholderType })
            .Concat(db.Organisations
                .Where(o => o.Name.Trim().Length >= 2 && (lowered.Contains(o.Name.Trim().ToLower()) || joined.Contains(o.Name.Trim())) && db.Users.Any(u => u.OrganisationId == o.Id))
                .Select(o => new { UserId = (string?)null, DisplayName = (string?)null, OrganisationId = o.Id, o.Name, o.StakeholderType }))
            // EF Core translates a union of anonymous rows only; the record is made after it.
            .Select(r => new NamedRow(r.UserId, r.DisplayName, r.OrganisationId, r.Name, r.StakeholderType))));

    /// <summary>The language the meeting's names are written in: that of its latest minutes, else guessed from its title.</summary>
    internal async Task<string> LanguageAsync(Meeting meeting, CancellationToken cancellationToken) =>
        (_languages.Remove(meeting.Id, out var preloaded)
            ? preloaded
            : await db.Set<MinutesVersion>().Where(v => v.MeetingId == meeting.Id).OrderByDescending(v => v.Number).Select(v => v.Language).FirstOrDefaultAsync(cancellationToken))
        ?? Attributor.DetectLanguage(meeting.Title);

    /// <summary>The language of each meeting's latest minutes (null: none yet), which an anonymous view matches names in:
    /// read for the meetings of a list that will be shown anonymously in one query, and taken out by the next view of
    /// that meeting, so that a list costs no query per meeting and a later view in the same request reads minutes
    /// published since.</summary>
    internal async Task PreloadLanguagesAsync(IReadOnlyList<int> meetingIds, CancellationToken cancellationToken)
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

    /// <summary>A person the caller read already (an action's owner, read with the action): no view asks for them again.</summary>
    internal void Know(Participant person) => _people[person.UserId] = person;

    /// <summary>An organisation the caller read already (an action's owner, read with the action).</summary>
    internal void Know(int organisationId, string name, string type) => _organisations[organisationId] = (name, type);

    /// <summary>The language of the meeting's latest minutes (null: none yet), read by the caller with the meeting: taken
    /// out by the meeting's next view, as those of <see cref="PreloadLanguagesAsync"/> are.</summary>
    internal void KnowLanguage(int meetingId, string? language) => _languages[meetingId] = language;

    /// <summary>Reads the people of <paramref name="userIds"/> not read yet in this scope, in one query (none when all are).</summary>
    private async Task LoadPeopleAsync(IEnumerable<string?> userIds, CancellationToken cancellationToken)
    {
        var missing = userIds.OfType<string>().Where(id => !_people.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var p in (await directory.FindAsync(missing, cancellationToken)).Values)
        {
            _people[p.UserId] = new Participant(p.UserId, p.DisplayName, p.OrganisationId, p.OrganisationName, p.StakeholderType.ToWire());
        }
    }

    /// <summary>Reads the organisations of <paramref name="ids"/> (owners of actions) not read yet in this scope, in one query.</summary>
    private async Task LoadOrganisationsAsync(IEnumerable<int?> ids, CancellationToken cancellationToken)
    {
        var missing = ids.OfType<int>().Where(id => !_organisations.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var o in await OrganisationsIn.For(db)(db, missing).ToListAsync(cancellationToken))
        {
            _organisations[o.Id] = (o.Name, o.StakeholderType.ToWire());
        }
    }

    private sealed record OrganisationRow(int Id, string Name, StakeholderType StakeholderType);

    /// <summary>Compiled: the meeting and group pages ask it for the organisations that own actions.</summary>
    private static readonly PerModel<Func<ForumDbContext, List<int>, IAsyncEnumerable<OrganisationRow>>> OrganisationsIn = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, List<int> ids) => db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new OrganisationRow(o.Id, o.Name, o.StakeholderType))));

    /// <summary>Every person on the site with their organisation (once per request): the names that the minutes and the
    /// search index are cleaned of when they are written.</summary>
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
        var people = await directory.FindAsync(ids, cancellationToken);
        return ids.Select(people.GetValueOrDefault).OfType<PersonInfo>()
            .Select(p => new Participant(p.UserId, p.DisplayName, p.OrganisationId, p.OrganisationName, p.StakeholderType.ToWire())).ToList();
    }
}
