using System.Globalization;
using ChildForum.Meetings.Models;
using Microsoft.Extensions.Logging;

namespace ChildForum.Meetings.Services;

/// <summary>How people are shown to this caller: by name, or (Chatham House, not a facilitator: given an
/// <paramref name="anonymiser"/>) by stakeholder type. <paramref name="people"/> and <paramref name="organisations"/>
/// hold at least the people and organisations the caller shows through it (<see cref="PeopleViews.ViewAsync"/>).</summary>
internal sealed class PeopleView(
    Anonymiser? anonymiser, IReadOnlyDictionary<string, Participant> people, IReadOnlyDictionary<int, (string Name, string Type)> organisations, DateOnly today, ILogger logger)
{
    public bool Anonymous => anonymiser is not null;
    /// <summary>The text as the caller reads it. An anonymous view cleans only texts it was prepared for (whose names
    /// were looked for): any other text is a mistake of the caller. Such a text could hold any name, so none of it is
    /// shown: the reader sees <see cref="Withheld"/> (not an error page) and the mistake is logged, without the text.</summary>
    public string? Text(string? text)
    {
        if (anonymiser is null || string.IsNullOrEmpty(text))
        {
            return text;
        }
        if (!anonymiser.Searched.Contains(text))
        {
            logger.LogError("An anonymous view was asked to clean a text that it was not prepared for ({Length} characters): it was withheld. Pass the text to PeopleViews.ViewAsync.", text.Length);
            return Withheld(anonymiser.Language);
        }
        return anonymiser.Attributor.Anonymise(text, anonymiser.Language);
    }

    /// <summary>What an anonymous view shows instead of a text it was not prepared for, in the meeting's language.</summary>
    public static string Withheld(string language) => Attributor.IsChinese(language) ? "（内容未显示）" : "(not shown)";

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
        a.DueDate, a.Status, a.Status == ActionStatuses.Open && a.DueDate < today, MeetingFormat.Utc(a.CreatedAt), a.ClosedAt is { } closed ? MeetingFormat.Utc(closed) : null);
}

/// <summary>What an anonymous view cleans text with: the names on the site that the <paramref name="Searched"/> texts
/// hold, matched in the language the meeting's minutes are written in.</summary>
internal sealed record Anonymiser(Attributor Attributor, string Language, IReadOnlySet<string> Searched);
