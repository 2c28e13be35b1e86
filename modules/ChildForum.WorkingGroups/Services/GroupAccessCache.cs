using System.Collections.Concurrent;
using ChildForum.Core.Cluster;
using ChildForum.Core.Data;
using ChildForum.Core.Security;

namespace ChildForum.WorkingGroups.Services;

/// <summary>A group as one person's access sees it: the group's name and visibility, and the person's role in it.</summary>
internal sealed record AccessRow(int Id, string Slug, string Name, GroupVisibility Visibility, GroupRole? Role);

/// <summary>Every page, API call, post and hub join asks for the caller's access to a group; this node keeps the answers
/// until a write to a group, a membership or a person is committed anywhere in the site. Then it moves to a new generation
/// at once, and every other node before that write returns (<see cref="IClusterBus"/> waits for each), so access taken away
/// ends everywhere the moment the change is confirmed, as without the cache.
/// <para>An answer is kept only if no such write was committed while it was read: one read from before a change can never
/// be served after it. A person's deletion removes their memberships by cascade, without a statement on
/// <c>Memberships</c>, hence people's writes count too (a sign-in or a lock does not happen often).</para></summary>
public sealed class GroupAccessCache(IClusterBus cluster) : ICommittedWriteWatcher
{
    public const string Topic = "group-access";

    /// <summary>Answers kept at most; past it the cache starts again empty (a flood of unknown slugs cannot grow it).</summary>
    public const int Capacity = 20_000;

    private static readonly HashSet<string> Tables = new(StringComparer.Ordinal) { "WorkingGroups", "Memberships", "AspNetUsers" };

    private readonly ConcurrentDictionary<(int GroupId, string? UserId), Answer> _byId = new();
    private readonly ConcurrentDictionary<(string Slug, string? UserId), Answer> _bySlug = new();
    private long _generation;

    private sealed record Answer(AccessRow? Row, long Generation);

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How many answers are kept now.</summary>
    public int Count => _byId.Count + _bySlug.Count;

    internal Task<AccessRow?> ByIdAsync(int groupId, string? userId, Func<Task<AccessRow?>> read) =>
        GetAsync(_byId, (groupId, userId), read);

    internal Task<AccessRow?> BySlugAsync(string slug, string? userId, Func<Task<AccessRow?>> read) =>
        GetAsync(_bySlug, (slug, userId), read);

    private async Task<AccessRow?> GetAsync<TKey>(ConcurrentDictionary<TKey, Answer> kept, TKey key, Func<Task<AccessRow?>> read)
        where TKey : notnull
    {
        var generation = Generation;
        if (kept.TryGetValue(key, out var found) && found.Generation == generation)
        {
            return found.Row;
        }
        var row = await read();
        if (Generation == generation)
        {
            if (kept.Count >= Capacity)
            {
                kept.Clear();
            }
            kept[key] = new Answer(row, generation);
            // A change committed between the check and the store: the answer may be from before it.
            if (Generation != generation)
            {
                kept.TryRemove(key, out _);
            }
        }
        return row;
    }

    public bool Watches(string table) => Tables.Contains(table);

    /// <summary>This node first, at once; then every node through the cluster bus, which waits until each has moved on.</summary>
    public async ValueTask CommittedAsync(CancellationToken cancellationToken)
    {
        MoveOn();
        if (cluster is not LocalClusterBus)
        {
            await cluster.PublishAsync(Topic, "", cancellationToken);
        }
    }

    /// <summary>Forgets every answer: those kept are of an older generation from now on.</summary>
    public void MoveOn()
    {
        Interlocked.Increment(ref _generation);
        _byId.Clear();
        _bySlug.Clear();
    }
}

/// <summary>Another node committed a change to groups, memberships or people: this node's answers are forgotten too.</summary>
public sealed class GroupAccessCacheHandler(GroupAccessCache cache) : IClusterEventHandler
{
    public string Topic => GroupAccessCache.Topic;

    public Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        cache.MoveOn();
        return Task.CompletedTask;
    }
}
