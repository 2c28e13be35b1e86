namespace ChildForum.Core.RateLimiting;

/// <summary>The answer of <see cref="IPersonRateLimiter"/>: allowed, or when to try again.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateDecision Allow { get; } = new(true, TimeSpan.Zero);
}

/// <summary>The one per-person limit on costly writing: messages over the API and the hub, and the Markdown preview
/// (<c>Discussions:RateLimit</c> in <c>Discussions:RateWindow</c>). Ask it before any work is done on the text, so that
/// a refused request costs nothing. With Redis configured the limit is shared by every web node.</summary>
public interface IPersonRateLimiter
{
    ValueTask<RateDecision> AcquireAsync(string userId, CancellationToken cancellationToken = default);
}
