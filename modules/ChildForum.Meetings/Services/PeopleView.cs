using System.Globalization;
using ChildForum.Meetings.Models;

namespace ChildForum.Meetings.Services;

/// <summary>How people are shown to this caller: by name, or (Chatham House, not a facilitator: given an
/// <paramref name="anonymiser"/> over everyone on the site) by stakeholder type. <paramref name="people"/> holds at
/// least the people the caller shows through it (<see cref="MeetingService.ViewAsync"/>).</summary>
internal sealed class PeopleView(Anonymiser? anonymiser, IReadOnlyDictionary<string, Participant> people, IReadOnlyDictionary<int, (string Name, string Type)> organisations, DateOnly today)
{
    public bool Anonymous => anonymiser is not null;
    public string? Text(string? text) => anonymiser is not null && text is not null ? anonymiser.Attributor.Anonymise(text, anonymiser.Language) : text;

    public PartyDto? Person(string? userId)
    {
        if (userId is null || !people.TryGetValue(userId, out var person))
        {
            return userId is null ? null : new PartyDto("person", Anonymous ? null : userId, null, null, null);
        }
        return Anonymous
            ? new PartyDto("person", null, null, null, person.StakeholderType)
            : new PartyDto("person", person.UserId, person.DisplayName, person.Organisation, person.StakeholderType);
    }

    public PartyDto? Organisation(int? id) =>
        id is null ? null
        : organisations.TryGetValue(id.Value, out var organisation)
            ? new PartyDto("organisation", Anonymous ? null : id.Value.ToString(CultureInfo.InvariantCulture), Anonymous ? null : organisation.Name, null, organisation.Type)
            : null;

    public ActionDto Action(ActionItem a) => new(a.Id, a.MeetingId, a.AgendaItemId, Text(a.Title)!, a.OwnerUserId is not null ? Person(a.OwnerUserId) : Organisation(a.OwnerOrganisationId),
        a.DueDate, a.Status, a.Status == ActionStatuses.Open && a.DueDate < today, MeetingService.Utc(a.CreatedAt), a.ClosedAt is { } closed ? MeetingService.Utc(closed) : null);
}

/// <summary>What an anonymous view cleans text with: the names of everyone on the site, matched in the language the
/// meeting's minutes are written in.</summary>
internal sealed record Anonymiser(Attributor Attributor, string Language);
