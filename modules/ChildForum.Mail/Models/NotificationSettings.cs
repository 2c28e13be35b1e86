namespace ChildForum.Mail.Models;

/// <summary>A person's mail choices. No row: mail on, digest at <see cref="DefaultDigestHour"/> UTC, English, every group
/// at <see cref="NotificationModes.Each"/>.</summary>
public sealed class NotificationSettings
{
    public const int DefaultDigestHour = 7;

    public required string UserId { get; set; }

    /// <summary>The one switch for everything (invitations and test mails are still sent).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>0–23, in <see cref="TimeZone"/>.</summary>
    public int DigestHour { get; set; } = DefaultDigestHour;

    /// <summary>An IANA time zone id.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary><c>en</c> or <c>zh-Hans</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>The end of the period the last digest queued covered (UTC); the next one covers from here, or from further
    /// back when digests failed (<see cref="ChildForum.Mail.Services.Digest.UndeliveredDigests"/>).</summary>
    public DateTime? LastDigestUntil { get; set; }
}

/// <summary>A person's choice for one group.</summary>
public sealed class GroupNotificationSetting
{
    public required string UserId { get; set; }
    public int GroupId { get; set; }
    public required string Mode { get; set; }
}

/// <summary>One kind of mail of one group that a person switched off with a mail's unsubscribe link (RFC 8058).</summary>
public sealed class MailOptOut
{
    public required string UserId { get; set; }
    public int GroupId { get; set; }
    public required string Kind { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class NotificationModes
{
    public const string Each = "each";
    public const string Digest = "digest";
    public const string Off = "off";

    public static readonly IReadOnlyList<string> All = [Each, Digest, Off];
}
