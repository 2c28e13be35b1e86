using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Xunit.Sdk;

namespace ChildForum.Discussions.Tests.Hubs;

/// <summary>A reader whose connection stops taking frames (a laptop lid closed, a phone in a tunnel) must not hold up
/// the others: the poster's answer does not wait until every reader's socket has taken the message, and readers who
/// keep reading get every message.</summary>
public abstract class StalledReaderTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>How long one post may take to be answered here, far below the 30 s after which the server gives up on
    /// a client that sends nothing (and so would free the stalled connection).</summary>
    private static readonly TimeSpan PostPatience = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task A_reader_that_stops_reading_holds_up_neither_the_poster_nor_the_other_readers()
    {
        var scene = await App.NewSceneAsync();
        var threadId = scene.Thread.Id;
        await using var stalled = await StalledReader.JoinAsync(App, DemoUsers.Official, threadId);
        await using var poster = await LiveClient.ConnectAsync(App, DemoUsers.Facilitator);
        await using var reader = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await poster.JoinAsync(threadId);
        await reader.JoinAsync(threadId);

        // Each broadcast frame carries the body and its HTML (about 32 KB here): 200 of them, about 6.5 MB, are more than
        // the stalled connection holds in its 4 KB receive buffer, the server's socket buffer and its pipes together.
        // (With the broadcast awaited by the post, post 93 was the first to wait, until the server dropped the reader.)
        var body = string.Concat(Enumerable.Repeat("The working group weighs the draft policy on school places. ", 260));
        const int Posts = 200;
        var seqs = new List<int>();
        for (var i = 0; i < Posts; i++)
        {
            var send = poster.SendAsync(threadId, $"{i}: {body}");
            try
            {
                seqs.Add((await send.WaitAsync(PostPatience)).Seq);
            }
            catch (TimeoutException)
            {
                throw new XunitException($"Post {i + 1} of {Posts} was not answered within {PostPatience.TotalSeconds} s: the stalled reader held up the poster.");
            }
        }

        var last = seqs[^1];
        await reader.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Seq == last, "the last message, while another reader is stalled");
        Assert.Equal(seqs, reader.Received<MessageJson>(LiveClient.MessagePosted).Select(m => m.Seq).Where(seqs.Contains));
        Assert.True(stalled.StillOpen, "The stalled reader's connection should still be open: the server waits for it (until its client timeout).");
    }

    /// <summary>A hub connection spoken by hand over a WebSocket with a 4 KB receive buffer: it joins a thread, then never
    /// reads again, so the server's frames back up on it.</summary>
    private sealed class StalledReader : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;

        private StalledReader(ClientWebSocket socket) => _socket = socket;

        public bool StillOpen => _socket.State == WebSocketState.Open;

        public static async Task<StalledReader> JoinAsync(ForumAppFactory app, string user, int threadId)
        {
            var token = await app.AccessTokenAsync(DemoUsers.Email(user), DemoUsers.Password);
            var server = app.ServerAddress ?? throw new InvalidOperationException("Needs a site on Kestrel.");
            var url = new UriBuilder(new Uri(server, "/hubs/discussion")) { Scheme = "ws", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                    try
                    {
                        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            var webSocket = new ClientWebSocket();
            var reader = new StalledReader(webSocket);
            try
            {
                using var timeout = new CancellationTokenSource(LiveClient.Timeout);
                await webSocket.ConnectAsync(url, new HttpMessageInvoker(handler, disposeHandler: false), timeout.Token);
                await reader.SendAsync("""{"protocol":"json","version":1}""", timeout.Token);
                await reader.ReceiveUntilAsync(record => record == "{}", "the handshake's answer", timeout.Token);
                await reader.SendAsync($$"""{"type":1,"invocationId":"join","target":"JoinThread","arguments":[{{threadId}}]}""", timeout.Token);
                await reader.ReceiveUntilAsync(record =>
                {
                    using var json = JsonDocument.Parse(record);
                    var root = json.RootElement;
                    if (root.GetProperty("type").GetInt32() != 3 || root.GetProperty("invocationId").GetString() != "join")
                    {
                        return false;
                    }
                    return root.TryGetProperty("error", out var error) ? throw new XunitException($"JoinThread failed: {error}") : true;
                }, "JoinThread's completion", timeout.Token);
                return reader;
            }
            catch
            {
                await reader.DisposeAsync();
                throw;
            }
        }

        private Task SendAsync(string record, CancellationToken cancellationToken) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(record + "\u001e"), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        private async Task ReceiveUntilAsync(Func<string, bool> wanted, string what, CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            var text = new StringBuilder();
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw new XunitException($"The server closed the connection before {what}.");
                }
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
                var records = text.ToString().Split('\u001e');
                text.Clear().Append(records[^1]);
                if (records[..^1].Any(wanted))
                {
                    return;
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _socket.Abort();
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

[Collection(SqliteLiveFixture.Collection)]
public sealed class StalledReaderTestsOnSqlite(SqliteLiveFixture fixture) : StalledReaderTests(fixture);

[Collection(PostgresLiveFixture.Collection)]
public sealed class StalledReaderTestsOnPostgres(PostgresLiveFixture fixture) : StalledReaderTests(fixture);
