namespace ChildForum.Discussions;

/// <summary>The <c>Discussions</c> configuration section.</summary>
public sealed class DiscussionsOptions
{
    public const string Section = "Discussions";

    /// <summary>Longest message body, in characters. Longer ones are refused with 413 (or a HubException with the same words).</summary>
    public int MaxMessageLength { get; set; } = 20_000;

    /// <summary>Messages (and Markdown previews) one person may send in <see cref="RateWindow"/>, over the API and the hub
    /// together; with Redis configured, on all web nodes together.</summary>
    public int RateLimit { get; set; } = 20;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxTitleLength { get; set; } = 200;

    /// <summary>Live hub connections one person may have open on one web node; one more is closed with a HubException.</summary>
    public int MaxConnectionsPerPerson { get; set; } = 20;

    /// <summary>Threads one hub connection may have joined at once; JoinThread beyond it answers a HubException.</summary>
    public int MaxThreadsPerConnection { get; set; } = 50;

    /// <summary>Prefix of every Redis channel and key of this site, so that several sites can share one Redis.</summary>
    public string RedisPrefix { get; set; } = "childforum";
}
