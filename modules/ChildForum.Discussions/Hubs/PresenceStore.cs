using System.Text.Json;
using ChildForum.Discussions.Models;
using StackExchange.Redis;

namespace ChildForum.Discussions.Hubs;

/// <summary>Who is in a thread, across web nodes. The local <see cref="PresenceTracker"/> knows this node's
/// connections; with Redis configured the list is shared so every node shows everyone.</summary>
public interface IPresenceStore
{
    Task AddAsync(int threadId, string connectionId, PresenceUserDto user);
    Task RemoveAsync(int threadId, string connectionId);
    Task<IReadOnlyList<PresenceUserDto>> UsersInAsync(int threadId);
}

public sealed class LocalPresenceStore(PresenceTracker tracker) : IPresenceStore
{
    public Task AddAsync(int threadId, string connectionId, PresenceUserDto user) => Task.CompletedTask;
    public Task RemoveAsync(int threadId, string connectionId) => Task.CompletedTask;
    public Task<IReadOnlyList<PresenceUserDto>> UsersInAsync(int threadId) => Task.FromResult(tracker.UsersIn(threadId));
}

/// <summary>A Redis hash per thread (connection → user and the time it was last confirmed). Each node re-confirms
/// its own connections every 30 s; entries not confirmed for 90 s (a node that died) are ignored and removed.</summary>
public sealed class RedisPresenceStore(IConnectionMultiplexer redis, ChildForum.Core.Cluster.RedisSettings settings, PresenceTracker tracker, TimeProvider clock)
    : IPresenceStore, Microsoft.Extensions.Hosting.IHostedService, IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(90);
    private ITimer? _timer;

    private sealed record Entry(PresenceUserDto User, long SeenAt);

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Key(int threadId) => $"{settings.Prefix}:presence:{threadId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = clock.CreateTimer(_ => _ = ConfirmAllAsync(), null, Refresh, Refresh);
        return Task.CompletedTask;
    }

    // Presence is a courtesy: when Redis fails, a thread shows the people on this node instead of failing the hub.

    public async Task AddAsync(int threadId, string connectionId, PresenceUserDto user)
    {
        try
        {
            await Db.HashSetAsync(Key(threadId), connectionId, Serialise(user));
        }
        catch (RedisException)
        {
        }
    }

    public async Task RemoveAsync(int threadId, string connectionId)
    {
        try
        {
            await Db.HashDeleteAsync(Key(threadId), connectionId);
        }
        catch (RedisException)
        {
        }
    }

    public async Task<IReadOnlyList<PresenceUserDto>> UsersInAsync(int threadId)
    {
        try
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var users = new List<PresenceUserDto>();
            foreach (var field in await Db.HashGetAllAsync(Key(threadId)))
            {
                var entry = JsonSerializer.Deserialize<Entry>(field.Value.ToString());
                if (entry is null || now - entry.SeenAt > Stale.TotalSeconds)
                {
                    await Db.HashDeleteAsync(Key(threadId), field.Name);
                    continue;
                }
                users.Add(entry.User);
            }
            return users.DistinctBy(u => u.Id).OrderBy(u => u.DisplayName, StringComparer.CurrentCulture).ToList();
        }
        catch (Exception exception) when (exception is RedisException or JsonException)
        {
            return tracker.UsersIn(threadId);
        }
    }

    private async Task ConfirmAllAsync()
    {
        try
        {
            foreach (var (connectionId, user, threads) in tracker.Snapshot())
            {
                foreach (var threadId in threads)
                {
                    await AddAsync(threadId, connectionId, user);
                }
            }
        }
        catch (RedisException)
        {
            // Redis is away for a moment: the next round confirms again.
        }
    }

    private string Serialise(PresenceUserDto user) => JsonSerializer.Serialize(new Entry(user, clock.GetUtcNow().ToUnixTimeSeconds()));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _timer?.Dispose();
    }
}
