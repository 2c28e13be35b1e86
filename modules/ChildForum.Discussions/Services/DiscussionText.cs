using System.Globalization;

namespace ChildForum.Discussions.Services;

/// <summary>The small conversions every discussion service writes the same way: stored times as UTC offsets, ids for the
/// audit log, and the short excerpt that quotes and flag lists show.</summary>
internal static class DiscussionText
{
    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Excerpt(string body) => body.Length <= 140 ? body : body[..140] + "…";
}
