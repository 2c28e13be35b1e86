using System.Collections.Concurrent;
using ChildForum.Core.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Data;

/// <summary>A cache of database answers that <see cref="CommittedWrites"/> empties on every web node.</summary>
public interface IKeptUntilWritten : ICommittedWriteWatcher
{
    /// <summary>The cluster event that tells the other nodes to forget.</summary>
    string Topic { get; }

    /// <summary>Forgets every answer: those kept are of an older generation from now on.</summary>
    void MoveOn();
}

/// <summary>Answers read from the database, kept on this node until a write to one of <see cref="Tables"/> is committed
/// anywhere in the site. Then it moves to a new generation at once, and every other node before that write returns
/// (<see cref="IClusterBus"/> waits for each), so nothing changed is served after the change is confirmed, as if every
/// question read the database. An answer is kept only if no such write was committed while it was read: one read from
/// before a change can never be served after it.</summary>
public abstract class KeptUntilWritten<TKey, TValue>(IClusterBus cluster) : IKeptUntilWritten
    where TKey : notnull
{
    /// <summary>Answers kept at most; past it the cache starts again empty (a flood of unknown keys cannot grow it).</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<TKey, Answer> _kept = new();
    private long _generation;

    private sealed record Answer(TValue Value, long Generation);

    public abstract string Topic { get; }

    /// <summary>The tables whose committed writes may change an answer.</summary>
    protected abstract IReadOnlySet<string> Tables { get; }

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How many answers are kept now.</summary>
    public int Count => _kept.Count;

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> read)
    {
        var generation = Generation;
        if (_kept.TryGetValue(key, out var kept) && kept.Generation == generation)
        {
            return kept.Value;
        }
        var value = await read();
        Keep(key, value, generation);
        return value;
    }

    /// <summary>The answers for <paramref name="keys"/>: the kept ones, and the others in one <paramref name="read"/>; a
    /// key the read does not answer gets <paramref name="absent"/>, which is kept too.</summary>
    public async Task<Dictionary<TKey, TValue>> GetManyAsync(IReadOnlyCollection<TKey> keys, Func<IReadOnlyCollection<TKey>, Task<Dictionary<TKey, TValue>>> read, TValue absent)
    {
        var generation = Generation;
        var answers = new Dictionary<TKey, TValue>(keys.Count);
        List<TKey>? missing = null;
        foreach (var key in keys)
        {
            if (_kept.TryGetValue(key, out var kept) && kept.Generation == generation)
            {
                answers[key] = kept.Value;
            }
            else
            {
                (missing ??= []).Add(key);
            }
        }
        if (missing is null)
        {
            return answers;
        }
        var found = await read(missing);
        foreach (var key in missing)
        {
            var value = found.TryGetValue(key, out var answer) ? answer : absent;
            answers[key] = value;
            Keep(key, value, generation);
        }
        return answers;
    }

    private void Keep(TKey key, TValue value, long generation)
    {
        if (Generation != generation)
        {
            return;
        }
        if (_kept.Count >= Capacity)
        {
            _kept.Clear();
        }
        // Tagged with the generation its read began in: should a change be committed meanwhile, it is never served.
        _kept[key] = new Answer(value, generation);
    }

    /// <summary>Any write to one of <see cref="Tables"/>; a cache that only some kinds of write concern says so here.</summary>
    public virtual bool Watches(TableWrite write) => Tables.Contains(write.Table);

    /// <summary>This node first, at once; then every node through the cluster bus, which waits until each has moved on.</summary>
    public async ValueTask CommittedAsync(CancellationToken cancellationToken)
    {
        MoveOn();
        if (cluster is not LocalClusterBus)
        {
            await cluster.PublishAsync(Topic, "", cancellationToken);
        }
    }

    public void MoveOn()
    {
        Interlocked.Increment(ref _generation);
        _kept.Clear();
    }
}

/// <summary>Another node committed a write to a cache's tables: this node forgets its answers too.</summary>
public sealed class MoveOnHandler<TCache>(TCache cache) : IClusterEventHandler
    where TCache : IKeptUntilWritten
{
    public string Topic => cache.Topic;

    public Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        cache.MoveOn();
        return Task.CompletedTask;
    }
}

public static class KeptUntilWrittenServices
{
    /// <summary>Registers the cache (one per node), as a watcher of committed writes and as a handler of its cluster event.</summary>
    public static IServiceCollection AddKeptUntilWritten<TCache>(this IServiceCollection services)
        where TCache : class, IKeptUntilWritten
    {
        services.AddSingleton<TCache>();
        services.AddSingleton<ICommittedWriteWatcher>(sp => sp.GetRequiredService<TCache>());
        services.AddScoped<IClusterEventHandler, MoveOnHandler<TCache>>();
        return services;
    }
}
