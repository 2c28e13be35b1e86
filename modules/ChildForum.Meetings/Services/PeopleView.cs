using System.Globalization;
using ChildForum.Meetings.Models;

namespace ChildForum.Meetings.Services;

/// <summary>How people are shown to this caller: by name, or (Chatham House, not a facilitator) by stakeholder type.</summary>
internal sealed class PeopleView(bool anonymous, Attributor attributor, string language, IReadOnlyDictionary<string, Participant> people, IReadOnlyDictionary<int, (string Name, string Type)> organisations, DateOnly today)
{
    public bool Anonymous => anonymous;
    public Attributor Attributor => attributor;
    public string Language => language;

    public string? Text(string? text) => anonymous && text is not null ? attributor.Anonymise(text, language) : text;

    public PartyDto? Person(string? userId)
    {
        if (userId is null || !people.TryGetValue(userId, out var person))
        {
            return userId is null ? null : new PartyDto("person", anonymous ? null : userId, null, null, null);
        }
        return anonymous
            ? new PartyDto("person", null, null, null, person.StakeholderType)
            : new PartyDto("person", person.UserId, person.DisplayName, person.Organisation, person.StakeholderType);
    }

    public PartyDto? Organisation(int? id) =>
        id is null ? null
        : organisations.TryGetValue(id.Value, out var organisation)
            ? new PartyDto("organisation", anonymous ? null : id.Value.ToString(CultureInfo.InvariantCulture), anonymous ? null : organisation.Name, null, organisation.Type)
            : null;

    public ActionDto Action(ActionItem a) => new(a.Id, a.MeetingId, a.AgendaItemId, Text(a.Title)!, a.OwnerUserId is not null ? Person(a.OwnerUserId) : Organisation(a.OwnerOrganisationId),
        a.DueDate, a.Status, a.Status == ActionStatuses.Open && a.DueDate < today, MeetingService.Utc(a.CreatedAt), a.ClosedAt is { } closed ? MeetingService.Utc(closed) : null);
}
