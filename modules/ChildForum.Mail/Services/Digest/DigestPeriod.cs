using System.Globalization;
using ChildForum.Core.Mail;

namespace ChildForum.Mail.Services.Digest;

/// <summary>How a digest row names its day (<c>digest:2026-12-06</c>, the day in the person's zone) and carries its period
/// (<c>{"since":"…Z","until":"…Z"}</c>, UTC), and how the composer reads them back.</summary>
public static class DigestPeriod
{
    private const string Type = "digest";
    private const string DayFormat = "yyyy-MM-dd";

    public static string Subject(DateOnly day) => $"{Type}:{day.ToString(DayFormat, CultureInfo.InvariantCulture)}";

    public static string Data(DateTime sinceUtc, DateTime untilUtc) => MailText.Data(new Dictionary<string, string>
    {
        ["since"] = DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        ["until"] = DateTime.SpecifyKind(untilUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
    });

    /// <summary>The day of a digest subject, or null.</summary>
    public static DateOnly? Day(string subject) =>
        subject.StartsWith(Type + ":", StringComparison.Ordinal)
        && DateOnly.TryParseExact(subject.AsSpan(Type.Length + 1), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;

    /// <summary>The period of a digest row, or null when its data does not hold one.</summary>
    public static (DateTime SinceUtc, DateTime UntilUtc)? Read(string? data) =>
        Instant(MailText.String(data, "since")) is { } since && Instant(MailText.String(data, "until")) is { } until && since < until
            ? (since, until) : null;

    private static DateTime? Instant(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant)
            ? DateTime.SpecifyKind(instant, DateTimeKind.Utc) : null;
}
