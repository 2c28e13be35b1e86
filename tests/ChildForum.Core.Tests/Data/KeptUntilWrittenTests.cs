using ChildForum.Core.Cluster;
using ChildForum.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.Core.Tests.Data;

/// <summary>Answers kept until a watched write is committed: many keys read in one go, only the missing ones asked, a
/// key nobody answers kept as absent, and nothing read while a change was committed kept.</summary>
public sealed class KeptUntilWrittenTests
{
    private sealed class Kept() : KeptUntilWritten<string, string?>(new LocalClusterBus(new LocalClusterEvents(
        new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), NullLogger<LocalClusterEvents>.Instance)))
    {
        public override string Topic => "test";

        protected override IReadOnlySet<string> Tables { get; } = new HashSet<string>(StringComparer.Ordinal) { "People" };
    }

    [Fact]
    public async Task Only_the_keys_not_kept_are_read_and_in_one_read()
    {
        var kept = new Kept();
        var reads = new List<string[]>();
        Task<Dictionary<string, string?>> Read(IReadOnlyCollection<string> keys)
        {
            reads.Add(keys.ToArray());
            return Task.FromResult(keys.Where(k => k != "nobody").ToDictionary(k => k, k => (string?)k.ToUpperInvariant()));
        }

        var first = await kept.GetManyAsync(["a", "b", "nobody"], Read, absent: null);
        var second = await kept.GetManyAsync(["a", "b", "c", "nobody"], Read, absent: null);

        Assert.Equal("A", first["a"]);
        Assert.Null(first["nobody"]);
        Assert.Equal(["C"], second.Where(p => p.Key == "c").Select(p => p.Value));
        Assert.Equal([["a", "b", "nobody"], ["c"]], reads);
    }

    [Fact]
    public async Task A_committed_write_to_a_watched_table_makes_every_key_read_again()
    {
        var kept = new Kept();
        await kept.GetManyAsync(["a"], keys => Task.FromResult(keys.ToDictionary(k => k, _ => (string?)"old")), absent: null);

        await kept.CommittedAsync(CancellationToken.None);

        Assert.Equal("new", (await kept.GetManyAsync(["a"], keys => Task.FromResult(keys.ToDictionary(k => k, _ => (string?)"new")), absent: null))["a"]);
        Assert.True(kept.Watches(new TableWrite("People", WriteKind.Update)));
        Assert.False(kept.Watches(new TableWrite("Messages", WriteKind.Insert)));
    }

    [Fact]
    public async Task What_was_read_while_a_write_was_committed_is_not_kept()
    {
        var kept = new Kept();
        await kept.GetManyAsync(["a"], async keys =>
        {
            await kept.CommittedAsync(CancellationToken.None);
            return keys.ToDictionary(k => k, _ => (string?)"read before the change");
        }, absent: null);

        Assert.Equal(0, kept.Count);
        Assert.Equal("after", await kept.GetAsync("a", () => Task.FromResult<string?>("after")));
    }

    [Fact]
    public async Task It_never_holds_more_than_its_capacity()
    {
        var kept = new Kept();
        for (var i = 0; i < Kept.Capacity + 10; i++)
        {
            await kept.GetAsync("key-" + i, () => Task.FromResult<string?>(null));
        }

        Assert.True(kept.Count <= Kept.Capacity, $"{kept.Count} answers kept");
    }
}
