namespace ChildForum.Meetings.Models;

public static class MeetingStatuses
{
    public const string Planned = "planned";
    public const string AgendaPublished = "agenda-published";
    public const string Held = "held";
    public const string MinutesPublished = "minutes-published";
    public const string Cancelled = "cancelled";
}

public static class Attributions
{
    public const string Named = "named";
    public const string ChathamHouse = "chatham-house";

    public static readonly IReadOnlyList<string> All = [Named, ChathamHouse];
}

public static class AttendanceStatuses
{
    public const string Present = "present";
    public const string Apologies = "apologies";
    public const string Absent = "absent";

    public static readonly IReadOnlyList<string> All = [Present, Apologies, Absent];
}

public static class ActionStatuses
{
    public const string Open = "open";
    public const string Done = "done";
    public const string Dropped = "dropped";

    public static readonly IReadOnlyList<string> All = [Open, Done, Dropped];
}

public sealed class Meeting
{
    public const int TitleMaxLength = 200;
    public const int LocationMaxLength = 300;
    public const int UrlMaxLength = 500;

    public int Id { get; set; }
    public int GroupId { get; set; }

    /// <summary>The iCalendar UID: the same for every update of the meeting, so calendar apps update it in place.</summary>
    public required string Uid { get; set; }

    public required string Title { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }

    /// <summary>IANA name, e.g. Asia/Shanghai or Europe/Copenhagen.</summary>
    public required string TimeZone { get; set; }

    public string Location { get; set; } = "";
    public string? OnlineUrl { get; set; }
    public required string Status { get; set; }
    public DateTime? AgendaPublishedAt { get; set; }

    /// <summary>What readers get: <c>named</c>, or <c>chatham-house</c> once a Chatham House version of the minutes is
    /// published. Only publishing sets it (a saved draft never does), and going back to named takes the facilitator's
    /// explicit, audited <c>returnToNamed</c>. Under Chatham House, readers see people and organisations of this
    /// meeting only as stakeholder types, everywhere, and named versions published earlier are withheld from them.</summary>
    public string Attribution { get; set; } = Attributions.Named;

    /// <summary>iCalendar SEQUENCE: counts the changes calendar apps must pick up.</summary>
    public int Sequence { get; set; }

    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class AgendaItem
{
    public const int TitleMaxLength = 200;
    public const int PresenterMaxLength = 200;
    public const int NotesMaxLength = 5_000;
    public const int MaxItems = 50;
    public const int MaxDurationMinutes = 600;

    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }

    /// <summary>A person or an organisation, as written.</summary>
    public string? Presenter { get; set; }

    public int? DurationMinutes { get; set; }
    public string? Notes { get; set; }
    public int? DraftId { get; set; }
    public int? ThreadId { get; set; }

    /// <summary>The automatic "review of actions" item: it lists the group's open actions from earlier meetings.</summary>
    public bool ReviewsActions { get; set; }
}

/// <summary>The facilitators' working copy of the minutes (never shown to members) and the attribution rule.</summary>
public sealed class MinutesDraft
{
    public const int BodyMaxLength = 500_000;

    public int MeetingId { get; set; }
    public required string Body { get; set; }
    public required string Attribution { get; set; }
    public required string UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A published version of the minutes. Its body is already attributed: under Chatham House it holds
/// stakeholder types where the draft has names, so nothing published can leak a name.</summary>
public sealed class MinutesVersion
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int Number { get; set; }
    public required string Body { get; set; }
    public required string Html { get; set; }
    public required string Attribution { get; set; }
    public required string Language { get; set; }
    public required string PublishedById { get; set; }
    public DateTime PublishedAt { get; set; }
}

public sealed class Attendance
{
    public int MeetingId { get; set; }
    public required string UserId { get; set; }
    public required string Status { get; set; }
}

public sealed class Decision
{
    public const int TextMaxLength = 5_000;

    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int? AgendaItemId { get; set; }
    public required string Text { get; set; }
    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class ActionItem
{
    public const int TitleMaxLength = 500;

    public int Id { get; set; }
    public int GroupId { get; set; }
    public int MeetingId { get; set; }
    public int? AgendaItemId { get; set; }
    public required string Title { get; set; }
    public string? OwnerUserId { get; set; }
    public int? OwnerOrganisationId { get; set; }
    public DateOnly DueDate { get; set; }
    public required string Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedById { get; set; }
}

/// <summary>A member's secret calendar-feed key (only its SHA-256 is stored). Revoking deletes it.</summary>
public sealed class CalendarFeedKey
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string KeyHash { get; set; }
    public DateTime CreatedAt { get; set; }
}
