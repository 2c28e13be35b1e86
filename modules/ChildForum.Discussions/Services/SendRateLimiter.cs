using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChildForum.Discussions.Services;

/// <summary>One sliding window per person, shared by the API and the hub (per web node).</summary>
public sealed class SendRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SendRateLimiter(IOptions<DiscussionsOptions> options)
    {
        var (limit, window) = (options.Value.RateLimit, options.Value.RateWindow);
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetSlidingWindowLimiter(userId, _ =>
            new SlidingWindowRateLimiterOptions { PermitLimit = limit, Window = window, SegmentsPerWindow = 10, QueueLimit = 0, AutoReplenishment = true }));
    }

    public bool TryAcquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
