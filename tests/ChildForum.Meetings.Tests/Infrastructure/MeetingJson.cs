namespace ChildForum.Meetings.Tests.Infrastructure;

// The meetings JSON as a client sees it (shared/API.md "Meetings" and the endpoints' descriptions), read into the
// tests' own records rather than the module's DTOs, so that a change of the wire format fails a test.
// Due dates stay strings ("2026-12-31"), to check the wire format too.

public sealed record PartyJson(string Kind, string? Id, string? Name, string? Organisation, string? StakeholderType);

public sealed record ActionJson(
    int Id, int MeetingId, int? AgendaItemId, string Title, PartyJson? Owner, string DueDate, string Status, bool Overdue,
    DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt);

public sealed record AgendaItemJson(
    int Id, int Position, string Title, string? Presenter, int? DurationMinutes, string? Notes, int? DraftId, int? ThreadId,
    bool ReviewsActions, List<ActionJson>? Actions);

public sealed record MinutesVersionInfoJson(int Version, DateTimeOffset PublishedAt);

public sealed record MinutesDraftJson(string Body, string Attribution, DateTimeOffset UpdatedAt, List<string> Warnings, bool ChangedSincePublished);

public sealed record MinutesJson(
    int? Version, string? Body, string? Html, string? Attribution, string? Language, DateTimeOffset? PublishedAt,
    List<MinutesVersionInfoJson>? Versions, MinutesDraftJson? Draft);

public sealed record AttendanceEntryJson(string? UserId, string? DisplayName, string? Organisation, string StakeholderType, string Status);

public sealed record CountsJson(int Present, int Apologies, int Absent);

public sealed record OrganisationAttendanceJson(int? Id, string? Name, string StakeholderType, CountsJson Counts);

public sealed record AttendanceJson(List<AttendanceEntryJson> Entries, Dictionary<string, CountsJson> ByStakeholderType, List<OrganisationAttendanceJson> ByOrganisation);

public sealed record DecisionJson(int Id, int? AgendaItemId, string Text, DateTimeOffset CreatedAt);

public sealed record MeetingSummaryJson(
    int Id, int GroupId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Location, string? OnlineUrl,
    string Status, string Attribution, bool AgendaPublished, bool MinutesPublished);

public sealed record MeetingJson(
    int Id, int GroupId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Location, string? OnlineUrl,
    string Status, string Attribution, bool AgendaPublished, bool MinutesPublished, int Sequence,
    List<AgendaItemJson>? Agenda, MinutesJson? Minutes, AttendanceJson Attendance, List<DecisionJson> Decisions, List<ActionJson> Actions)
{
    /// <summary>The items the facilitator wrote (without the automatic review of open actions).</summary>
    public List<AgendaItemJson> WrittenItems => (Agenda ?? throw new InvalidOperationException($"Meeting {Id}: the agenda is not visible.")).Where(i => !i.ReviewsActions).ToList();
}

public sealed record CalendarFeedJson(int GroupId, string Slug, string Name, string Url);

public sealed record CalendarKeyJson(string Key, List<CalendarFeedJson> Feeds);
