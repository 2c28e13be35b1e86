using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChildForum.Discussions.Services;

/// <summary>One sliding window per person, shared by the API and the hub (per web node).</summary>
public sealed class SendRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    private readonly TimeSpan _segment;

    public SendRateLimiter(IOptions<DiscussionsOptions> options)
    {
        var (limit, window) = (options.Value.RateLimit, options.Value.RateWindow);
        _segment = window / 10;
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetSlidingWindowLimiter(userId, _ =>
            new SlidingWindowRateLimiterOptions { PermitLimit = limit, Window = window, SegmentsPerWindow = 10, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>True when the person may send now; otherwise <paramref name="retryAfter"/> says when to try again
    /// (the limiter's own estimate, else one segment of the window).</summary>
    public bool TryAcquire(string userId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var limiterSays) && limiterSays > TimeSpan.Zero ? limiterSays
            : _segment;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
