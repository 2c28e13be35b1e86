namespace ChildForum.Mail.Services.Digest;

/// <summary>When a person's digest is due, and what period it covers. A digest is due once the digest hour of the day has
/// come in the person's zone and their last digest ended before it (so a digest missed while the site was down leaves
/// late, not never), and at least <see cref="MinimumGap"/> after the last one (so changing the hour or the zone never
/// gives two digests in a day). Someone's first digest waits for their hour, rather than leaving the moment they choose
/// digest mode.</summary>
public static class DigestSchedule
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromHours(20);

    /// <summary>The longest period one digest covers (someone whose last digest is weeks old gets the last week).</summary>
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(7);

    /// <summary>The day (in the person's zone) of the digest due at <paramref name="nowUtc"/>, or null when none is due.</summary>
    public static DateOnly? Due(DateTime nowUtc, int digestHour, TimeZoneInfo zone, DateTime? lastDigestUntil)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone);
        var scheduledLocal = local.Date.AddHours(Math.Clamp(digestHour, 0, 23));
        if (scheduledLocal > local)
        {
            scheduledLocal = scheduledLocal.AddDays(-1);
        }
        var scheduledUtc = ToUtc(scheduledLocal, zone);
        var due = lastDigestUntil is { } last
            ? last < scheduledUtc && nowUtc - last >= MinimumGap
            : nowUtc - scheduledUtc < TimeSpan.FromHours(1);
        return due ? DateOnly.FromDateTime(scheduledLocal) : null;
    }

    /// <summary>The start of the period: where the last digest ended, at most <see cref="LongestPeriod"/> back; a day back
    /// for a first digest.</summary>
    public static DateTime Since(DateTime nowUtc, DateTime? lastDigestUntil)
    {
        var since = lastDigestUntil is { } last ? DateTime.SpecifyKind(last, DateTimeKind.Utc) : nowUtc.AddDays(-1);
        return since < nowUtc - LongestPeriod ? nowUtc - LongestPeriod : since;
    }

    /// <summary>A local time as UTC; a time skipped by a clock change (02:30 on the night summer time begins) is read an
    /// hour later.</summary>
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return zone.IsInvalidTime(local) ? TimeZoneInfo.ConvertTimeToUtc(local.AddHours(1), zone) : TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
