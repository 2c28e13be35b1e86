using System.Globalization;

namespace ChildForum.Core.Records;

/// <summary>One cell: text, or a whole number that a spreadsheet can count with. Dates are text in ISO 8601, so that
/// they read the same in every spreadsheet and time zone.</summary>
public readonly record struct RecordValue(string? Text, long? Number)
{
    public static implicit operator RecordValue(string? text) => new(text, null);

    public static implicit operator RecordValue(int number) => new(null, number);

    /// <summary>A day as <c>yyyy-MM-dd</c>.</summary>
    public static RecordValue Day(DateOnly? day) => new(day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);

    /// <summary>A moment in UTC to the second, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static RecordValue Time(DateTimeOffset? time) => new(time is { } t ? ArchiveMarkdown.Time(t.UtcDateTime) : null, null);

    /// <summary>The cell as CSV text: the number in invariant digits, or the text ("" for none).</summary>
    public override string ToString() => Number is { } n ? n.ToString(CultureInfo.InvariantCulture) : Text ?? "";
}
