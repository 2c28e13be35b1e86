using System.Collections.Concurrent;
using ChildForum.Core.Cluster;
using StackExchange.Redis;

namespace ChildForum.Accounts.SignIn;

/// <summary>Fixed-window failure counters. With Redis configured they live there, so that every web node counts the same
/// failures; otherwise in this node's memory.</summary>
public interface IFailureCounters
{
    /// <summary>How long until the counter under <paramref name="key"/> falls below <paramref name="limit"/>; null when it is below now.</summary>
    Task<TimeSpan?> BlockedForAsync(string key, int limit, CancellationToken cancellationToken);

    /// <summary>Counts one failure; the window starts with the first failure.</summary>
    Task CountAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}

public sealed class MemoryFailureCounters(TimeProvider clock) : IFailureCounters
{
    private sealed class Window(DateTimeOffset endsAt)
    {
        public DateTimeOffset EndsAt { get; } = endsAt;
        public int Count;
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public Task<TimeSpan?> BlockedForAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<TimeSpan?>(_windows.TryGetValue(key, out var window) && window.EndsAt > now && Volatile.Read(ref window.Count) >= limit
            ? window.EndsAt - now
            : null);
    }

    public Task CountAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = _windows.AddOrUpdate(key, _ => new Window(now + window), (_, existing) => existing.EndsAt > now ? existing : new Window(now + window));
        Interlocked.Increment(ref current.Count);
        if (_windows.Count > 100_000)
        {
            foreach (var (oldKey, old) in _windows)
            {
                if (old.EndsAt <= now)
                {
                    _windows.TryRemove(oldKey, out _);
                }
            }
        }
        return Task.CompletedTask;
    }
}

public sealed class RedisFailureCounters(IConnectionMultiplexer redis, RedisSettings settings) : IFailureCounters
{
    public async Task<TimeSpan?> BlockedForAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var redisKey = Key(key);
        var count = await database.StringGetAsync(redisKey);
        if (!count.HasValue || (long)count < limit)
        {
            return null;
        }
        return await database.KeyTimeToLiveAsync(redisKey) ?? TimeSpan.FromSeconds(1);
    }

    public async Task CountAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var redisKey = Key(key);
        if (await database.StringIncrementAsync(redisKey) == 1)
        {
            await database.KeyExpireAsync(redisKey, window);
        }
        else if (await database.KeyTimeToLiveAsync(redisKey) is null)
        {
            // The expiry of a first failure was lost (the node stopped between the two commands): never count for ever.
            await database.KeyExpireAsync(redisKey, window);
        }
    }

    private RedisKey Key(string key) => $"{settings.Prefix}:sign-in-failures:{key}";
}
