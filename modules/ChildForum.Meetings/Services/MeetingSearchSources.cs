using System.Globalization;
using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Search;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>Agendas for search: parent <c>meeting:{id}</c>, one document per agenda item linking to it. An agenda not
/// yet published is visible to the group's facilitators only. Under Chatham House (published), the title, place, item
/// titles, presenters and notes are indexed with people and organisations replaced by their stakeholder types.</summary>
public sealed class MeetingSearchSource(ForumDbContext db, PeopleViews people) : ISearchSource
{
    public string Kind => "meeting";

    public static string Parent(int meetingId) => "meeting:" + meetingId.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var result = parents.ToDictionary(p => p, _ => (IReadOnlyList<SearchDocument>)[]);
        foreach (var meeting in await Load(db, parents, cancellationToken))
        {
            var chatham = meeting.Attribution == Attributions.ChathamHouse;
            var attributor = chatham ? new Attributor(await people.EveryoneAsync(cancellationToken)) : null;
            var language = Languages.Detect(meeting.Title);
            string Text(string? text) => attributor?.Anonymise(text, language) ?? text ?? "";
            var items = await db.Set<AgendaItem>().AsNoTracking().Where(i => i.MeetingId == meeting.Id).OrderBy(i => i.Position).ToListAsync(cancellationToken);
            var audience = meeting.AgendaPublishedAt is null ? SearchAudiences.Facilitators : SearchAudiences.Readers;
            var date = new DateTimeOffset(DateTime.SpecifyKind(meeting.StartsAt, DateTimeKind.Utc));
            var id = meeting.Id.ToString(CultureInfo.InvariantCulture);
            var title = Text(meeting.Title);
            var documents = new List<SearchDocument>
            {
                new($"{Parent(meeting.Id)}:details", Parent(meeting.Id), SearchTypes.Meeting, id, meeting.GroupId, title,
                    Line(Text(meeting.Location), meeting.Status == MeetingStatuses.Cancelled ? "cancelled" : ""),
                    $"/groups/{{group}}/meetings/{meeting.Id}", date, language, [], SearchAudiences.Readers),
            };
            documents.AddRange(items.Select(item => new SearchDocument(
                $"{Parent(meeting.Id)}:{item.Id}", Parent(meeting.Id), SearchTypes.Meeting, id, meeting.GroupId, title,
                string.Join("\n\n", new[] { Line(item.ReviewsActions ? MeetingService.ReviewTitle : Text(item.Title), Text(item.Presenter)), Text(item.Notes) }.Where(s => s.Length > 0)),
                $"/groups/{{group}}/meetings/{meeting.Id}#item-{item.Id}", date, Languages.Detect(meeting.Title + item.Title), [], audience)));
            result[Parent(meeting.Id)] = documents;
        }
        return result;
    }

    /// <summary>Parts of one line as the meeting page shows them ("Title · Presenter", "Location · cancelled"): the index's
    /// text is what a snippet and an export show, and parts joined by a line break alone read as one run-on sentence.</summary>
    private static string Line(params string[] parts) => string.Join(" · ", parts.Where(p => p.Length > 0));

    internal static async Task<List<Meeting>> Load(ForumDbContext db, IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var ids = parents.Select(p => int.TryParse(p.Split(':')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
        return await db.Set<Meeting>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(cancellationToken);
    }

    public async IAsyncEnumerable<string> AllParentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var id in db.Set<Meeting>().Select(m => m.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Parent(id);
        }
    }
}

/// <summary>Minutes for search: parent <c>minutes:{meetingId}</c>, the newest published version, which is already
/// attributed (no names under Chatham House; a named version is never the newest once Chatham House is published).
/// Drafts are never indexed.</summary>
public sealed class MinutesSearchSource(ForumDbContext db, PeopleViews people) : ISearchSource
{
    public string Kind => "minutes";

    public static string Parent(int meetingId) => "minutes:" + meetingId.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var result = parents.ToDictionary(p => p, _ => (IReadOnlyList<SearchDocument>)[]);
        foreach (var meeting in await MeetingSearchSource.Load(db, parents, cancellationToken))
        {
            var version = await db.Set<MinutesVersion>().AsNoTracking().Where(v => v.MeetingId == meeting.Id).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
            if (version is null || MeetingReader.Withheld(meeting, version))
            {
                continue;
            }
            var title = meeting.Attribution == Attributions.ChathamHouse
                ? new Attributor(await people.EveryoneAsync(cancellationToken)).Anonymise(meeting.Title, version.Language)
                : meeting.Title;
            var stakeholders = await (from a in db.Set<Attendance>()
                                      join u in db.Users on a.UserId equals u.Id
                                      join o in db.Organisations on u.OrganisationId equals o.Id
                                      where a.MeetingId == meeting.Id && a.Status == AttendanceStatuses.Present
                                      select o.StakeholderType).Distinct().ToListAsync(cancellationToken);
            result[Parent(meeting.Id)] =
            [
                new SearchDocument(Parent(meeting.Id), Parent(meeting.Id), SearchTypes.Minutes, meeting.Id.ToString(CultureInfo.InvariantCulture), meeting.GroupId,
                    title, version.Body, $"/groups/{{group}}/meetings/{meeting.Id}#minutes", new DateTimeOffset(DateTime.SpecifyKind(meeting.StartsAt, DateTimeKind.Utc)),
                    version.Language, stakeholders.Select(s => ChildForum.Core.Organisations.StakeholderTypes.ToWire(s)).ToList()),
            ];
        }
        return result;
    }

    public async IAsyncEnumerable<string> AllParentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var id in db.Set<MinutesVersion>().Select(v => v.MeetingId).Distinct().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Parent(id);
        }
    }
}
