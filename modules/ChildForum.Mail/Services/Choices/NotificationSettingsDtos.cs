namespace ChildForum.Mail.Services.Choices;

// The wire shapes of GET|PUT /api/v1/me/notification-settings, exactly as ../shared/API.md gives them.

/// <param name="Groups">Every group the person is a member of (any role), with its mode; no choice made = <c>each</c>.</param>
public sealed record NotificationSettingsDto(bool Enabled, int DigestHour, string TimeZone, string Language, IReadOnlyList<GroupNotificationDto> Groups);

/// <param name="Mode"><c>each</c>, <c>digest</c> or <c>off</c>.</param>
public sealed record GroupNotificationDto(int GroupId, string Mode);

/// <summary>The body of the PUT. Every field but <see cref="Groups"/> is required (a PUT says the whole choice); a group
/// not listed keeps its mode, so that a client holding an older list does not reset a group it has not seen.</summary>
public sealed record NotificationSettingsRequest(bool? Enabled, int? DigestHour, string? TimeZone, string? Language, IReadOnlyList<GroupNotificationRequest?>? Groups);

public sealed record GroupNotificationRequest(int? GroupId, string? Mode);
