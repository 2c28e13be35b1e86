using System.Diagnostics;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>Waiting in a test for something another thread or process brings about (an indexer, a queue, a sender): the
/// condition is polled until it holds, and the test fails with what it waited for. No test asserts how long it took.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(20);

    /// <param name="lastSeen">What the test saw last, told when it fails (e.g. the events a client received).</param>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string expectation, TimeSpan? patience = null, TimeSpan? pollInterval = null,
        Func<string>? lastSeen = null)
    {
        var limit = patience ?? DefaultPatience;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new XunitException($"Waited {limit.TotalSeconds:0} s for {expectation}." + (lastSeen is null ? "" : $" Last seen: {lastSeen()}"));
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(10));
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string expectation, TimeSpan? patience = null, TimeSpan? pollInterval = null, Func<string>? lastSeen = null) =>
        HoldsAsync(() => Task.FromResult(condition()), expectation, patience, pollInterval, lastSeen);
}
