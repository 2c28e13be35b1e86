using System.Text.Json;
using ChildForum.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Sdk;

namespace ChildForum.Discussions.Tests.Infrastructure;

/// <summary>A person connected to <c>/hubs/discussion</c> with the real .NET SignalR client, the bearer token sent as
/// the standard client sends it (<c>access_token</c>). Every event the server pushes is recorded, so a test can wait
/// for one (<see cref="WaitForAsync{T}"/>, failing after a timeout) or look at what has arrived so far.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public const string MessagePosted = nameof(MessagePosted);
    public const string MessageEdited = nameof(MessageEdited);
    public const string MessageDeleted = nameof(MessageDeleted);
    public const string PresenceChanged = nameof(PresenceChanged);
    public const string UserTyping = nameof(UserTyping);
    public const string ReactionsChanged = nameof(ReactionsChanged);
    public const string ThreadLockChanged = nameof(ThreadLockChanged);
    public const string ThreadAccessRevoked = nameof(ThreadAccessRevoked);
    public const string NotificationCountChanged = nameof(NotificationCountChanged);

    private readonly object _gate = new();
    private readonly List<(string Name, object Payload)> _events = [];
    private readonly List<(string Name, Func<object, bool> Match, TaskCompletionSource<object> Done)> _waiters = [];
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveClient(Uri server, string? accessToken, string who)
    {
        Who = who;
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/discussion"), options =>
            {
                if (accessToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .Build();
        Connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        Record<MessageJson>(MessagePosted);
        Record<MessageJson>(MessageEdited);
        Record<MessageDeletedJson>(MessageDeleted);
        Record<PresenceJson>(PresenceChanged);
        Record<TypingJson>(UserTyping);
        Record<ReactionsChangedJson>(ReactionsChanged);
        Record<ThreadLockChangedJson>(ThreadLockChanged);
        Record<int>(ThreadAccessRevoked);
        Record<NotificationCountJson>(NotificationCountChanged);
    }

    /// <summary>Who this is, for failure messages.</summary>
    public string Who { get; }

    public HubConnection Connection { get; }

    /// <summary>Connects as a demo user (<c>"cso"</c>) or a test user's e-mail address with its password.</summary>
    public static async Task<LiveClient> ConnectAsync(ForumAppFactory app, string user, string? password = null)
    {
        var token = await app.AccessTokenAsync(DemoUsers.Email(user), password ?? DemoUsers.Password);
        var client = new LiveClient(ServerOf(app), token, user);
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>A connection that has not started, with the given token or none at all.</summary>
    public static LiveClient Unstarted(ForumAppFactory app, string? accessToken, string who) => new(ServerOf(app), accessToken, who);

    private static Uri ServerOf(ForumAppFactory app) =>
        app.ServerAddress ?? throw new InvalidOperationException("Hub tests need a site on Kestrel (a realServer fixture).");

    public Task<JoinResultJson> JoinAsync(int threadId) => Connection.InvokeAsync<JoinResultJson>("JoinThread", threadId);

    public Task LeaveAsync(int threadId) => Connection.InvokeAsync("LeaveThread", threadId);

    public Task<MessageJson> SendAsync(int threadId, string body, string? clientMessageId = null, long? replyToId = null) =>
        Connection.InvokeAsync<MessageJson>("SendMessage", threadId, body, clientMessageId ?? DiscussionApi.NewClientMessageId(), replyToId);

    public Task<MessageJson> SendConfirmedAsync(int threadId, string body, string? clientMessageId = null, long? replyToId = null) =>
        Connection.InvokeAsync<MessageJson>("SendConfirmedMessage", threadId, body, clientMessageId ?? DiscussionApi.NewClientMessageId(), replyToId);

    public Task TypingAsync(int threadId) => Connection.InvokeAsync("Typing", threadId);

    /// <summary>Waits until the server closes the connection (failing the test after <see cref="Timeout"/>) and returns
    /// the error it closed with, if any.</summary>
    public async Task<Exception?> WaitUntilClosedAsync(string? what = null)
    {
        try
        {
            return await _closed.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"The connection of {Who} was not closed{(what is null ? "" : $" ({what})")} within {Timeout.TotalSeconds} s; it is {Connection.State}.");
        }
    }

    /// <summary>The events of that name received so far, in the order they arrived.</summary>
    public IReadOnlyList<T> Received<T>(string name)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Name == name).Select(e => (T)e.Payload).ToList();
        }
    }

    /// <summary>The first event of that name (received already or still to come) that matches; fails the test when none
    /// has arrived within <see cref="Timeout"/>.</summary>
    public async Task<T> WaitForAsync<T>(string name, Func<T, bool>? match = null, string? what = null)
    {
        bool Matches(object payload) => match is null || match((T)payload);
        TaskCompletionSource<object> done;
        lock (_gate)
        {
            foreach (var (eventName, payload) in _events)
            {
                if (eventName == name && Matches(payload))
                {
                    return (T)payload;
                }
            }
            done = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((name, Matches, done));
        }
        try
        {
            return (T)await done.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"{Who} did not receive {name}{(what is null ? "" : $" ({what})")} within {Timeout.TotalSeconds} s. It received:{Environment.NewLine}{Describe()}");
        }
    }

    /// <summary>Everything received so far, one event a line.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return _events.Count == 0 ? "  (nothing)" : string.Join(Environment.NewLine, _events.Select(e => $"  {e.Name} {JsonSerializer.Serialize(e.Payload)}"));
        }
    }

    private void Record<T>(string name) =>
        Connection.On<T>(name, payload =>
        {
            lock (_gate)
            {
                _events.Add((name, payload!));
                foreach (var waiter in _waiters.Where(w => w.Name == name && w.Match(payload!)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult(payload!);
                }
            }
        });

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
