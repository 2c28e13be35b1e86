namespace ChildForum.Core;

/// <summary>Bars drawn as shares of a whole use the theme's classes <c>share-1</c> … <c>share-100</c> instead of a
/// style attribute, which the Content-Security-Policy does not allow.</summary>
public static class Shares
{
    /// <summary>The part's whole-number percentage of the total, at least 1 so that a small part stays visible.</summary>
    public static int Percent(int part, int total) =>
        part <= 0 || total <= 0 ? 0 : Math.Clamp((int)Math.Round(100.0 * part / total, MidpointRounding.AwayFromZero), 1, 100);
}
