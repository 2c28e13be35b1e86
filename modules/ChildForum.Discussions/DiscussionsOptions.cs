namespace ChildForum.Discussions;

/// <summary>The <c>Discussions</c> configuration section.</summary>
public sealed class DiscussionsOptions
{
    public const string Section = "Discussions";

    /// <summary>Longest message body, in characters. Longer ones are refused with 413 (or a HubException with the same words).</summary>
    public int MaxMessageLength { get; set; } = 20_000;

    /// <summary>Messages one person may send in <see cref="RateWindow"/>, over the API and the hub together.</summary>
    public int RateLimit { get; set; } = 20;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxTitleLength { get; set; } = 200;

    /// <summary>Prefix of every Redis channel and key of this site, so that several sites can share one Redis.</summary>
    public string RedisPrefix { get; set; } = "childforum";
}
