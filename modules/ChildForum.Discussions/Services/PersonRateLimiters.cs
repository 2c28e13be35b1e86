using System.Globalization;
using System.Threading.RateLimiting;
using ChildForum.Core.Cluster;
using ChildForum.Core.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChildForum.Discussions.Services;

/// <summary>One sliding window per person on this web node (the site without Redis), shared by messages over the API
/// and the hub and by the Markdown preview.</summary>
public sealed class LocalPersonRateLimiter : IPersonRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    private readonly TimeSpan _segment;

    public LocalPersonRateLimiter(IOptions<DiscussionsOptions> options)
    {
        var (limit, window) = (options.Value.RateLimit, options.Value.RateWindow);
        _segment = window / 10;
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetSlidingWindowLimiter(userId, _ =>
            new SlidingWindowRateLimiterOptions { PermitLimit = limit, Window = window, SegmentsPerWindow = 10, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Allowed now, or when to try again (the limiter's own estimate, else one segment of the window).</summary>
    public ValueTask<RateDecision> AcquireAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return ValueTask.FromResult(lease.IsAcquired ? RateDecision.Allow
            : new RateDecision(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var limiterSays) && limiterSays > TimeSpan.Zero ? limiterSays : _segment));
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The same limit kept in Redis, so that every web node counts the same messages: a sorted set per person of
/// the times of the permits given in the window, trimmed and checked atomically by one script on Redis's own clock.
/// RedisRateLimiting (NuGet) was considered: its sliding window gives no Retry-After, which the contract's 429 carries.
/// When Redis does not answer, this node's own window decides (and it is logged), so a Redis outage does not stop posting.</summary>
public sealed class RedisPersonRateLimiter(IConnectionMultiplexer redis, RedisSettings settings, IOptions<DiscussionsOptions> options, LocalPersonRateLimiter fallback, ILogger<RedisPersonRateLimiter> logger)
    : IPersonRateLimiter
{
    // KEYS[1] the person's set; ARGV window (ms), limit, a unique member. Answers 0 when allowed, else the ms until the
    // oldest permit leaves the window.
    private const string Script = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], window)
          return 0
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return math.max(1, tonumber(oldest[2]) + window - now)
        """;

    private readonly DiscussionsOptions _options = options.Value;

    public async ValueTask<RateDecision> AcquireAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script,
                [(RedisKey)$"{settings.Prefix}:rate:{userId}"],
                [(long)_options.RateWindow.TotalMilliseconds, _options.RateLimit, Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)]);
            return wait == 0 ? RateDecision.Allow : new RateDecision(false, TimeSpan.FromMilliseconds(wait));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Redis did not answer the rate limit; this node's own window decides");
            return await fallback.AcquireAsync(userId, cancellationToken);
        }
    }
}
