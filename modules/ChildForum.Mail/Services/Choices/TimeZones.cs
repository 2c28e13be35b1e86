using System.Globalization;

namespace ChildForum.Mail.Services.Choices;

/// <param name="Id">The IANA id, e.g. <c>Asia/Shanghai</c>.</param>
/// <param name="Label">The id with its offset now, e.g. <c>Asia/Shanghai (UTC+08:00)</c>.</param>
public sealed record TimeZoneOption(string Id, string Label);

/// <summary>The time zones a person may choose for their digest: the IANA zones the system knows. A Windows id
/// ("China Standard Time") is refused although .NET would convert it, because the contract and the browser speak IANA.</summary>
public static class TimeZones
{
    /// <summary>The zone, with its canonical id (<c>asia/shanghai</c> is <c>Asia/Shanghai</c>); null for anything else.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 100 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId ? zone : null;

    /// <summary>Every IANA zone of the system, by id, each labelled with its offset at <paramref name="now"/>.</summary>
    public static IReadOnlyList<TimeZoneOption> Options(DateTimeOffset now) =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId)
            .Select(z => new TimeZoneOption(z.Id, $"{z.Id} (UTC{Offset(z.GetUtcOffset(now))})"))
            .DistinctBy(z => z.Id)
            .OrderBy(z => z.Id, StringComparer.Ordinal)
            .ToList();

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
