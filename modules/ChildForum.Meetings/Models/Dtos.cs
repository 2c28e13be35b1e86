namespace ChildForum.Meetings.Models;

/// <summary>Times carry the meeting's own UTC offset (e.g. <c>2026-12-01T09:00:00+01:00</c> for Europe/Copenhagen).</summary>
public sealed record MeetingSummaryDto(
    int Id, int GroupId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Location, string? OnlineUrl,
    string Status, string Attribution, bool AgendaPublished, bool MinutesPublished);

/// <summary>Who: a person or an organisation. Under Chatham House, readers get only <c>stakeholderType</c>.</summary>
public sealed record PartyDto(string Kind, string? Id, string? Name, string? Organisation, string? StakeholderType);

public sealed record ActionDto(int Id, int MeetingId, int? AgendaItemId, string Title, PartyDto? Owner, DateOnly DueDate, string Status, bool Overdue, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt);

public sealed record AgendaItemDto(int Id, int Position, string Title, string? Presenter, int? DurationMinutes, string? Notes, int? DraftId, int? ThreadId, bool ReviewsActions, IReadOnlyList<ActionDto>? Actions);

/// <summary><c>withheldFromReaders</c>: a named version of a meeting that later went under Chatham House; only
/// facilitators see it (readers are not told it exists).</summary>
public sealed record MinutesVersionInfoDto(int Version, DateTimeOffset PublishedAt, string Attribution, bool WithheldFromReaders);

/// <summary>The published minutes (already attributed). <c>draft</c> only for facilitators.</summary>
public sealed record MinutesDto(int? Version, string? Body, string? Html, string? Attribution, string? Language, DateTimeOffset? PublishedAt,
    IReadOnlyList<MinutesVersionInfoDto> Versions, MinutesDraftDto? Draft, bool WithheldFromReaders = false);

public sealed record MinutesDraftDto(string Body, string Attribution, DateTimeOffset UpdatedAt, IReadOnlyList<string> Warnings, bool ChangedSincePublished);

public sealed record AttendanceEntryDto(string? UserId, string? DisplayName, string? Organisation, string StakeholderType, string Status);

public sealed record AttendanceCountsDto(int Present, int Apologies, int Absent);

public sealed record OrganisationAttendanceDto(int? Id, string? Name, string StakeholderType, AttendanceCountsDto Counts);

/// <summary>Under Chatham House readers get no entries and no organisations, only the counts per stakeholder type.</summary>
public sealed record AttendanceDto(IReadOnlyList<AttendanceEntryDto> Entries, IReadOnlyDictionary<string, AttendanceCountsDto> ByStakeholderType, IReadOnlyList<OrganisationAttendanceDto> ByOrganisation);

public sealed record DecisionDto(int Id, int? AgendaItemId, string Text, DateTimeOffset CreatedAt);

public sealed record MeetingDto(
    int Id, int GroupId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Location, string? OnlineUrl,
    string Status, string Attribution, bool AgendaPublished, bool MinutesPublished, int Sequence,
    IReadOnlyList<AgendaItemDto>? Agenda, MinutesDto? Minutes, AttendanceDto Attendance, IReadOnlyList<DecisionDto> Decisions, IReadOnlyList<ActionDto> Actions);

public sealed record AgendaItemRequest(string? Title, string? Presenter, int? DurationMinutes, int? DraftId, string? Notes, int? ThreadId);

/// <summary><c>confirmPersonalData</c>, on every request that carries text: the author confirms that a phone number or
/// e-mail address in it is not a child's and may be shared (the group's facilitators are told).</summary>
public sealed record CreateMeetingRequest(string? Title, string? StartsAt, string? EndsAt, string? TimeZone, string? Location, string? OnlineUrl, IReadOnlyList<AgendaItemRequest>? Agenda, bool? ConfirmPersonalData = null);

public sealed record UpdateMeetingRequest(string? Title, string? StartsAt, string? EndsAt, string? TimeZone, string? Location, string? OnlineUrl, IReadOnlyList<AgendaItemRequest>? Agenda, bool? ConfirmPersonalData = null);

public sealed record MinutesRequest(string? Body, string? Attribution, bool? ConfirmPersonalData = null);

/// <summary><c>returnToNamed</c>: publish a named draft although the meeting is under Chatham House (audited). The
/// Chatham House versions stay as published, anonymous.</summary>
public sealed record PublishMinutesRequest(bool? ReturnToNamed);

public sealed record AttendanceRequest(string? UserId, string? Status);

public sealed record DecisionRequest(int? AgendaItemId, string? Text, bool? ConfirmPersonalData = null);

public sealed record ActionRequest(int? AgendaItemId, string? Title, string? OwnerUserId, int? OwnerOrganisationId, string? DueDate, bool? ConfirmPersonalData = null);

public sealed record ActionStatusRequest(string? Status);

public sealed record CalendarKeyDto(string Key, IReadOnlyList<CalendarFeedDto> Feeds);

public sealed record CalendarFeedDto(int GroupId, string Slug, string Name, string Url);
