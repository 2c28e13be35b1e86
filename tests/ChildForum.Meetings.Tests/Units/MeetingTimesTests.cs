using ChildForum.Core.Http;
using ChildForum.Meetings.Services;

namespace ChildForum.Meetings.Tests.Units;

/// <summary>IANA zones only; a time with an offset is an instant, one without is a wall-clock time in the meeting's zone;
/// the spring-forward gap is refused, the repeated autumn hour accepted; dates between 2000 and 2099.</summary>
public sealed class MeetingTimesTests
{
    private static TimeZoneInfo Zone(string id) => MeetingTimes.FindZone(id) ?? throw new InvalidOperationException($"{id} is not found.");

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>Parses as the API does, returning the instant and the fields with errors.</summary>
    private static (DateTime? Utc, IReadOnlyCollection<string> Errors) Parse(string? value, string zone)
    {
        var validation = new Validation();
        var utc = MeetingTimes.ParseInstant("startsAt", value, MeetingTimes.FindZone(zone), validation);
        return (utc, validation.ToDictionary().Keys.ToList());
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("Europe/Copenhagen")]
    [InlineData("America/New_York")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Africa/Nairobi")]
    public void Iana_zones_are_found_under_their_own_name(string id)
    {
        var zone = MeetingTimes.FindZone(id);

        Assert.NotNull(zone);
        Assert.Equal(id, zone.Id);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    public void Utc_is_accepted(string id) => Assert.Equal(TimeSpan.Zero, MeetingTimes.FindZone(id)?.BaseUtcOffset);

    [Theory]
    [InlineData("China Standard Time")]
    [InlineData("Romance Standard Time")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Eastern Standard Time")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Atlantis")]
    [InlineData("Copenhagen")]
    [InlineData("+08:00")]
    [InlineData("../../../etc/passwd")]
    [InlineData("Europe/Copenhagen; DROP TABLE Meetings")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Windows_names_and_junk_are_refused(string? id) => Assert.Null(MeetingTimes.FindZone(id));

    [Fact]
    public void A_name_over_100_characters_is_refused() => Assert.Null(MeetingTimes.FindZone("Europe/" + new string('x', 100)));

    [Theory]
    [InlineData("Asia/Shanghai", "2026-07-01T14:00", 2026, 7, 1, 6, 0, 8)]
    [InlineData("Asia/Shanghai", "2026-12-01T14:00", 2026, 12, 1, 6, 0, 8)]
    [InlineData("Asia/Shanghai", "2026-12-31T23:30", 2026, 12, 31, 15, 30, 8)]
    [InlineData("Europe/Copenhagen", "2026-07-01T09:30", 2026, 7, 1, 7, 30, 2)]
    [InlineData("Europe/Copenhagen", "2026-12-01T09:30", 2026, 12, 1, 8, 30, 1)]
    [InlineData("Europe/Copenhagen", "2026-03-29T03:00", 2026, 3, 29, 1, 0, 2)]
    [InlineData("Europe/Copenhagen", "2026-03-29T01:59", 2026, 3, 29, 0, 59, 1)]
    [InlineData("Europe/Copenhagen", "2026-07-01T09:30:45", 2026, 7, 1, 7, 30, 2)]
    public void Wall_clock_time_becomes_utc_and_is_shown_back_with_the_zone_s_offset_then(
        string zone, string input, int year, int month, int day, int hour, int minute, int offsetHours)
    {
        var (utc, errors) = Parse(input, zone);

        Assert.Empty(errors);
        Assert.Equal(Utc(year, month, day, hour, minute), utc!.Value.AddSeconds(-utc.Value.Second));
        Assert.Equal(DateTimeKind.Utc, utc.Value.Kind);
        var shown = MeetingTimes.InZone(utc.Value, zone);
        Assert.Equal(TimeSpan.FromHours(offsetHours), shown.Offset);
        Assert.Equal(input[..16], shown.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-03-29T02:00")]
    [InlineData("2026-03-29T02:30")]
    [InlineData("2026-03-29T02:59")]
    [InlineData("2027-03-28T02:15")]
    public void Time_in_the_spring_forward_gap_of_copenhagen_is_refused_naming_the_field(string input)
    {
        var (utc, errors) = Parse(input, "Europe/Copenhagen");

        Assert.Null(utc);
        Assert.Equal(["startsAt"], errors);
    }

    [Fact]
    public void Gap_error_says_that_the_time_does_not_exist_in_the_zone()
    {
        var validation = new Validation();

        MeetingTimes.ParseInstant("startsAt", "2026-03-29T02:30", Zone("Europe/Copenhagen"), validation);

        var message = Assert.Single(validation.ToDictionary()["startsAt"]);
        Assert.Contains("2026-03-29 02:30", message, StringComparison.Ordinal);
        Assert.Contains("Europe/Copenhagen", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10-25T02:00")]
    [InlineData("2026-10-25T02:30")]
    public void Time_in_the_repeated_autumn_hour_is_accepted_as_one_of_its_two_instants_and_shown_back_as_written(string input)
    {
        var (utc, errors) = Parse(input, "Europe/Copenhagen");

        Assert.Empty(errors);
        var wall = DateTime.Parse(input, System.Globalization.CultureInfo.InvariantCulture);
        // Summer time (+02:00) or standard time (+01:00): both are that wall-clock time.
        Assert.Contains(utc!.Value, new[] { DateTime.SpecifyKind(wall.AddHours(-2), DateTimeKind.Utc), DateTime.SpecifyKind(wall.AddHours(-1), DateTimeKind.Utc) });
        Assert.Equal(input, MeetingTimes.InZone(utc.Value, "Europe/Copenhagen").ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-12-01T09:00:00+08:00", "Europe/Copenhagen", 2026, 12, 1, 1, 0)]
    [InlineData("2026-12-01T09:00:00Z", "Asia/Shanghai", 2026, 12, 1, 9, 0)]
    [InlineData("2026-07-01T09:00-05:00", "Asia/Shanghai", 2026, 7, 1, 14, 0)]
    [InlineData("2026-07-01T09:00:00.5+02:00", "Asia/Shanghai", 2026, 7, 1, 7, 0)]
    // An instant inside Copenhagen's gap is a real moment: the offset says which.
    [InlineData("2026-03-29T02:30:00+01:00", "Europe/Copenhagen", 2026, 3, 29, 1, 30)]
    public void Time_with_an_offset_is_that_instant_whatever_the_zone(string input, string zone, int year, int month, int day, int hour, int minute)
    {
        var (utc, errors) = Parse(input, zone);

        Assert.Empty(errors);
        Assert.Equal(Utc(year, month, day, hour, minute), utc!.Value.AddMilliseconds(-utc.Value.Millisecond));
    }

    [Fact]
    public void Instant_is_shown_in_the_meeting_s_zone_not_in_the_offset_it_was_given_with()
    {
        var (utc, _) = Parse("2026-12-01T09:00:00+08:00", "Europe/Copenhagen");

        var shown = MeetingTimes.InZone(utc!.Value, "Europe/Copenhagen");

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.FromHours(1)), shown);
        Assert.Equal(TimeSpan.FromHours(1), shown.Offset);
    }

    [Theory]
    [InlineData("1999-12-31T10:00")]
    [InlineData("1970-01-01T00:00")]
    [InlineData("2100-01-01T10:00")]
    [InlineData("2150-06-01T10:00")]
    [InlineData("1999-12-31T23:59:00Z")]
    [InlineData("2100-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00")]
    [InlineData("9999-12-31T23:59")]
    public void Years_outside_2000_to_2099_are_refused(string input)
    {
        var (utc, errors) = Parse(input, "Asia/Shanghai");

        Assert.Null(utc);
        Assert.Equal(["startsAt"], errors);
    }

    [Theory]
    [InlineData("2000-01-01T00:00:00Z")]
    [InlineData("2099-12-31T23:59:00Z")]
    [InlineData("2000-06-01T10:00")]
    [InlineData("2099-06-01T10:00")]
    public void Years_2000_and_2099_are_accepted(string input) => Assert.Empty(Parse(input, "Asia/Shanghai").Errors);

    /// <summary>The first and the last minutes of the range as the clocks of the meeting's place show them.</summary>
    [Theory]
    [InlineData("2000-01-01T05:00", "Asia/Shanghai")]
    [InlineData("2099-12-31T20:00", "America/New_York")]
    public void Wall_clock_dates_in_2000_and_2099_are_accepted_whatever_their_utc_date(string input, string zone) =>
        Assert.Empty(Parse(input, zone).Errors);

    [Theory]
    [InlineData("0001-01-01T00:00", "Pacific/Kiritimati")]
    [InlineData("9999-12-31T23:59", "Pacific/Pago_Pago")]
    [InlineData("0001-01-01T00:00:00+14:00", "Asia/Shanghai")]
    [InlineData("9999-12-31T23:59:00-12:00", "Asia/Shanghai")]
    public void Times_at_the_ends_of_the_calendar_are_refused_without_throwing(string input, string zone)
    {
        var (utc, errors) = Parse(input, zone);

        Assert.Null(utc);
        Assert.Equal(["startsAt"], errors);
    }

    [Theory]
    [InlineData("2026-13-01T10:00")]
    [InlineData("2026-02-30T10:00")]
    [InlineData("2026-12-01T24:30")]
    [InlineData("2026-12-01T10:60")]
    [InlineData("tomorrow")]
    [InlineData("2026-12-01 10:00")]
    [InlineData("2026-12-01")]
    [InlineData("01/12/2026 10:00")]
    [InlineData("2026-12-01T10:00+25:00")]
    [InlineData("2026-12-01T10:00 +08:00")]
    [InlineData("2026-12-01T10:00:00+0800")]
    [InlineData("２０２６-12-01T10:00")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Malformed_or_impossible_times_are_refused_naming_the_field(string? input)
    {
        var (utc, errors) = Parse(input, "Asia/Shanghai");

        Assert.Null(utc);
        Assert.Equal(["startsAt"], errors);
    }

    [Fact]
    public void Wall_clock_time_without_a_valid_zone_records_no_error_of_its_own()
    {
        var validation = new Validation();

        var utc = MeetingTimes.ParseInstant("startsAt", "2026-12-01T10:00", null, validation);

        Assert.Null(utc);
        Assert.True(validation.IsValid, "The time zone's own error says why; the time itself is well formed.");
    }

    [Theory]
    [InlineData("2026-12-31", 2026, 12, 31)]
    [InlineData("2000-01-01", 2000, 1, 1)]
    [InlineData("2099-12-31", 2099, 12, 31)]
    public void Due_date_is_yyyy_mm_dd(string input, int year, int month, int day)
    {
        var validation = new Validation();

        Assert.Equal(new DateOnly(year, month, day), MeetingTimes.ParseDate("dueDate", input, validation));
        Assert.True(validation.IsValid);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("31/12/2026")]
    [InlineData("2026-12-31T10:00")]
    [InlineData("next week")]
    [InlineData("1999-12-31")]
    [InlineData("2100-01-01")]
    [InlineData("")]
    [InlineData(null)]
    public void Bad_due_dates_are_refused_naming_the_field(string? input)
    {
        var validation = new Validation();

        Assert.Null(MeetingTimes.ParseDate("dueDate", input, validation));
        Assert.Equal(["dueDate"], validation.ToDictionary().Keys);
    }
}
