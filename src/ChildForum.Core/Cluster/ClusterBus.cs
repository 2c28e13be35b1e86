using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ChildForum.Core.Cluster;

/// <summary>Handles one kind of event on every web node (this one included), e.g. "drop this person's live connections".
/// Registered as a scoped service; a new scope is made for each event.</summary>
public interface IClusterEventHandler
{
    /// <summary>The event kind this handler takes (a short name such as <c>sessions-ended</c>).</summary>
    string Topic { get; }

    Task HandleAsync(string payload, CancellationToken cancellationToken);
}

/// <summary>Tells every web node of the site about an event and waits until each has handled it, so that "access ended"
/// means ended everywhere before the caller answers. Without Redis this node is the only one. With Redis a node that does
/// not acknowledge within a few seconds is not waited for (and logged).</summary>
public interface IClusterBus
{
    Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default);
}

/// <summary>Where a site keeps its shared state: <c>ConnectionStrings:Redis</c> and the channel and key prefix
/// (<c>Discussions:RedisPrefix</c>, the name it was first documented under).</summary>
public sealed record RedisSettings(string Configuration, string Prefix);

/// <summary>Runs the handlers of a topic on this node, each in its own scope; a failing handler is logged, not thrown.</summary>
public sealed class LocalClusterEvents(IServiceScopeFactory scopes, ILogger<LocalClusterEvents> logger)
{
    public async Task DispatchAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var handler in scope.ServiceProvider.GetServices<IClusterEventHandler>().Where(h => h.Topic == topic))
        {
            try
            {
                await handler.HandleAsync(payload, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Handling the cluster event {Topic} failed on this node", topic);
            }
        }
    }
}

public sealed class LocalClusterBus(LocalClusterEvents local) : IClusterBus
{
    public Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default) =>
        local.DispatchAsync(topic, payload, cancellationToken);
}

/// <summary>Redis pub/sub between web nodes: one channel for events and one for acknowledgements. The publisher learns
/// from PUBLISH how many nodes received the event and waits for as many acknowledgements.</summary>
public sealed class RedisClusterBus(IConnectionMultiplexer redis, RedisSettings settings, LocalClusterEvents local, ILogger<RedisClusterBus> logger)
    : IClusterBus, IHostedService
{
    private static readonly TimeSpan AcknowledgementTimeout = TimeSpan.FromSeconds(5);
    // Channel names, not RedisChannel values: a field of the client's struct type makes the runtime load the Redis client
    // whenever this public class is listed (MVC does at start), on a site without Redis too (ModuleLoadTests).
    private readonly string _events = settings.Prefix + ":cluster";
    private readonly string _acknowledgements = settings.Prefix + ":cluster:ack";
    private readonly ConcurrentDictionary<string, Pending> _pending = new();

    /// <summary>Acknowledgements may arrive before PUBLISH has told how many nodes received the event.</summary>
    private sealed class Pending
    {
        private readonly Lock _gate = new();
        private long _acknowledged;
        private long? _expected;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Acknowledge()
        {
            lock (_gate)
            {
                _acknowledged++;
                Complete();
            }
        }

        public void Expect(long receivers)
        {
            lock (_gate)
            {
                _expected = receivers;
                Complete();
            }
        }

        private void Complete()
        {
            if (_expected is { } expected && _acknowledged >= expected)
            {
                Done.TrySetResult();
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(_acknowledgements), (channel, value) =>
        {
            if (_pending.TryGetValue(value.ToString(), out var pending))
            {
                pending.Acknowledge();
            }
        });
        await subscriber.SubscribeAsync(RedisChannel.Literal(_events), (channel, value) =>
        {
            // id|topic|payload
            var parts = value.ToString().Split('|', 3);
            if (parts.Length == 3)
            {
                _ = HandleAndAcknowledgeAsync(parts[0], parts[1], parts[2]);
            }
        });
    }

    public async Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default)
    {
        if (topic.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A topic has no '|'.", nameof(topic));
        }
        var id = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        var pending = new Pending();
        _pending[id] = pending;
        try
        {
            var receivers = await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_events), $"{id}|{topic}|{payload}");
            if (receivers == 0)
            {
                await local.DispatchAsync(topic, payload, cancellationToken);
                return;
            }
            pending.Expect(receivers);
            await pending.Done.Task.WaitAsync(AcknowledgementTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Not every web node confirmed handling {Topic} within {Timeout}", topic, AcknowledgementTimeout);
        }
        catch (RedisException exception)
        {
            // Redis is down: this node at least acts, and the failure is visible in the log and on /health.
            logger.LogError(exception, "Could not publish {Topic} to the other web nodes; handled on this node only", topic);
            await local.DispatchAsync(topic, payload, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task HandleAndAcknowledgeAsync(string id, string topic, string payload)
    {
        await local.DispatchAsync(topic, payload, CancellationToken.None);
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_acknowledgements), id);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Could not acknowledge the cluster event {Topic}", topic);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
