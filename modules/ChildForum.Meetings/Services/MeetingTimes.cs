using System.Globalization;
using System.Text.RegularExpressions;
using ChildForum.Core.Http;

namespace ChildForum.Meetings.Services;

/// <summary>Reading and showing meeting times. A time with an offset (<c>…+08:00</c> or <c>…Z</c>) is an instant;
/// one without is a wall-clock time in the meeting's zone. Zones are IANA names. Stored in UTC.</summary>
public static partial class MeetingTimes
{
    public static readonly TimeSpan LongestMeeting = TimeSpan.FromDays(7);

    /// <summary>The zone for an IANA name (or UTC); null for anything else, Windows names included.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100)
        {
            return null;
        }
        id = id.Trim();
        if (id is "UTC" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }
        // IANA names only: on Linux .NET also finds Windows names, which calendar apps do not know.
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId && zone.Id == id ? zone : null;
    }

    /// <summary>The UTC instant of <paramref name="value"/>, or null after recording why not.</summary>
    public static DateTime? ParseInstant(string field, string? value, TimeZoneInfo? zone, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validation.Add(field, "This field is required.");
            return null;
        }
        var match = IsoDateTime().Match(value.Trim());
        if (!match.Success)
        {
            validation.Add(field, "Write the time as ISO 8601, for example 2026-12-01T09:30 or 2026-12-01T09:30:00+08:00.");
            return null;
        }
        DateTime utc;
        int year;
        if (match.Groups["offset"].Success)
        {
            if (!DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                validation.Add(field, "This is not a real date and time.");
                return null;
            }
            utc = instant.UtcDateTime;
            year = instant.Year;
        }
        else
        {
            if (!DateTime.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                validation.Add(field, "This is not a real date and time.");
                return null;
            }
            if (zone is null)
            {
                return null; // the time zone's own error says why
            }
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                validation.Add(field, "{0} does not exist in {1}: the clocks skip it. Choose another time.", local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), zone.Id);
                return null;
            }
            year = local.Year;
            // In the hour that repeats when clocks go back, .NET takes the standard-time reading.
            utc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
        }
        // The year as written counts (2000-01-01T05:00 in Shanghai is still 1999 in UTC).
        if (year is < 2000 or > 2099)
        {
            validation.Add(field, "Choose a date between 2000 and 2099.");
            return null;
        }
        return utc;
    }

    /// <summary>The instant shown with the zone's offset at that moment.</summary>
    public static DateTimeOffset InZone(DateTime utc, string zoneId)
    {
        var zone = FindZone(zoneId) ?? TimeZoneInfo.Utc;
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return new DateTimeOffset(utc).ToOffset(zone.GetUtcOffset(utc));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex IsoDateTime();

    /// <summary>A due date, <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly? ParseDate(string field, string? value, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validation.Add(field, "This field is required.");
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            validation.Add(field, "Write the date as yyyy-MM-dd, for example 2026-12-31.");
            return null;
        }
        if (date.Year is < 2000 or > 2099)
        {
            validation.Add(field, "Choose a date between 2000 and 2099.");
            return null;
        }
        return date;
    }
}
