using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChildForum.Benchmarks;

/// <summary>One measured case: N connections in this process, all in one thread of the hub; the first
/// <see cref="Settings.Senders"/> of them also send, together <see cref="Settings.Rate"/> messages a second,
/// on a fixed schedule that does not wait for the answers (open loop).</summary>
public sealed record Settings(int Clients, double Rate, int Senders, TimeSpan Warmup, TimeSpan Duration, TimeSpan Drain, int ConnectParallelism, int MaxOutstandingPerSender);

public sealed record CaseResult(
    string Server, Settings Settings, TimeSpan ConnectTime, TimeSpan JoinTime, int Connected,
    long Sent, long Acked, long SendFailures, long Skipped, long Deliveries, double DeliveriesPerSecond,
    long Expected, long Received, double P50Ms, double P99Ms, double MaxMs, double AckP50Ms, double AckP99Ms,
    double ServerReadyRssMb, double ServerConnectedRssMb, double ServerJoinedRssMb, double ServerRssMb, double ServerPeakRssMb, int ServerPeakThreads, double ServerCpuPercent, double DriverCpuPercent, double OtherCpuPercent, int Disconnected,
    IReadOnlyDictionary<string, int> Errors);

/// <summary>Who signs in where: on the site the demo accounts; the bare hub ignores the token.</summary>
public sealed record Target(string Name, string BaseUrl, int ThreadId, IReadOnlyList<string> SenderTokens, IReadOnlyList<string> ReaderTokens);

public static class SiteSetup
{
    public const string Password = "ChildForum-demo-2026";
    public const string Group = "left-behind-children";

    /// <summary>Members of the public demo group, who may post: the senders.</summary>
    public static readonly string[] Senders = ["cso", "official", "researcher", "business"];

    /// <summary>Everyone in the demo recipe reads the public group: the receivers.</summary>
    public static readonly string[] Readers = ["cso", "official", "researcher", "business", "facilitator", "admin", "outsider"];

    /// <summary>Signs the demo accounts in (one bearer token each, shared by that account's connections)
    /// and starts a new thread in the public demo group.</summary>
    public static async Task<Target> PrepareAsync(string name, string baseUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new Dictionary<string, string>();
        foreach (var who in Readers)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = $"{who}@demo.childforum.org", password = Password }, cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken))!.AccessToken;
            tokens[who] = token;
        }
        using var create = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/groups/{Group}/threads")
        {
            Content = JsonContent.Create(new { title = "Load test " + DateTime.UtcNow.ToString("s", CultureInfo.InvariantCulture), body = "Messages from the benchmark driver follow." }),
        };
        create.Headers.Authorization = new("Bearer", tokens["cso"]);
        using var created = await http.SendAsync(create, cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the thread failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken)}");
        }
        var thread = (await created.Content.ReadFromJsonAsync<ThreadResponse>(cancellationToken))!;
        return new Target(name, baseUrl, thread.Id, [.. Senders.Select(s => tokens[s])], [.. Readers.Select(r => tokens[r])]);
    }

    private sealed record TokenResponse(string AccessToken);
    private sealed record ThreadResponse(int Id);
}

/// <summary>The parts of a delivered message the driver reads; the rest of the JSON is skipped.</summary>
public sealed class Delivered
{
    public string? Body { get; set; }
}

/// <summary>The answer to SendMessage: only its presence matters.</summary>
public sealed class Ack
{
    public long Seq { get; set; }
}

/// <summary>Any other event (presence): received and dropped without binding its content.</summary>
public sealed class Ignored;

public sealed class LoadDriver
{
    private const string Filler = " — from our centre's experience, village child directors need a short practical **training**, a clear referral path to the township social worker, and time.";

    private readonly Target _target;
    private readonly Settings _settings;
    private readonly long[] _latencies;
    private readonly long[] _ackLatencies;
    private int _latencyCount;
    private int _ackLatencyCount;
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _deliveriesInWindow;
    private long _receivedOfWindow;
    private long _sentInWindow;
    private long _ackedInWindow;
    private long _sent;
    private long _acked;
    private long _failures;
    private long _skipped;
    private int _disconnected;
    private readonly Dictionary<string, int> _errors = [];

    public LoadDriver(Target target, Settings settings)
    {
        _target = target;
        _settings = settings;
        var expected = (long)(settings.Rate * settings.Duration.TotalSeconds * settings.Clients * 1.5) + 1000;
        _latencies = new long[Math.Min(expected, 20_000_000)];
        _ackLatencies = new long[(int)(settings.Rate * settings.Duration.TotalSeconds * 1.5) + 1000];
    }

    public async Task<CaseResult> RunAsync(ServerProcess server, Action<string> progress, CancellationToken cancellationToken)
    {
        var (readyRssMb, _) = server.Memory();
        var connections = new HubConnection[_settings.Clients];
        var connectWatch = Stopwatch.StartNew();
        var connected = 0;
        var joined = 0;
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _settings.ConnectParallelism, CancellationToken = cancellationToken };
            // First every connection, then every join, so that the memory of idle connections and that of joining
            // (on the site each join broadcasts the thread's presence list to everyone already in it) can be told apart.
            await Parallel.ForAsync(0, _settings.Clients, parallel, async (i, ct) =>
            {
                var token = i < _settings.Senders ? _target.SenderTokens[i % _target.SenderTokens.Count] : _target.ReaderTokens[i % _target.ReaderTokens.Count];
                var connection = Connect(token);
                connections[i] = connection;
                await connection.StartAsync(ct);
                Interlocked.Increment(ref connected);
            });
            var connectTime = connectWatch.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var (connectedRssMb, _) = server.Memory();
            var joinWatch = Stopwatch.StartNew();
            await Parallel.ForAsync(0, _settings.Clients, parallel, async (i, ct) =>
            {
                await connections[i].InvokeAsync<Ignored>("JoinThread", _target.ThreadId, ct);
                var n = Interlocked.Increment(ref joined);
                if (n % 250 == 0 && n < _settings.Clients)
                {
                    progress($"  {n} joined");
                }
            });
            var joinTime = joinWatch.Elapsed;
            progress($"  {connected} connected in {connectTime.TotalSeconds:F1} s, joined in {joinTime.TotalSeconds:F1} s");
            // Let the presence broadcasts of the joins drain before the clock starts.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var (joinedRssMb, _) = server.Memory();

            var driverCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var serverCpu0 = server.CpuTime();
            var machineCpu0 = ServerProcess.MachineCpuTime();
            var sendTask = SendAsync(connections, cancellationToken);
            await sendTask;
            var serverCpu = server.CpuTime() - serverCpu0;
            var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpu0;
            var otherCpu = ServerProcess.MachineCpuTime() - machineCpu0 - serverCpu - driverCpu;
            var (rssMb, _) = server.Memory();

            // Drain: wait for the answers and deliveries of the measured messages, within a bound.
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < _settings.Drain &&
                   (Interlocked.Read(ref _receivedOfWindow) < Interlocked.Read(ref _ackedInWindow) * _settings.Clients || Interlocked.Read(ref _acked) + Interlocked.Read(ref _failures) < Interlocked.Read(ref _sent)))
            {
                await Task.Delay(100, cancellationToken);
            }
            var (_, peakMb) = server.Memory();

            var latencies = _latencies.AsSpan(0, Math.Min(_latencyCount, _latencies.Length)).ToArray();
            Array.Sort(latencies);
            var acks = _ackLatencies.AsSpan(0, Math.Min(_ackLatencyCount, _ackLatencies.Length)).ToArray();
            Array.Sort(acks);
            var window = _settings.Duration.TotalSeconds;
            // CPU time is read over the whole sending time, warm-up and window.
            var cpuSeconds = (_settings.Warmup + _settings.Duration).TotalSeconds;
            Dictionary<string, int> errors;
            lock (_errors)
            {
                errors = new Dictionary<string, int>(_errors);
            }
            return new CaseResult(
                _target.Name, _settings, connectTime, joinTime, connected,
                _sentInWindow, _ackedInWindow, _failures, _skipped, _deliveriesInWindow, _deliveriesInWindow / window,
                _ackedInWindow * _settings.Clients, _receivedOfWindow,
                Ms(Percentile(latencies, 0.50)), Ms(Percentile(latencies, 0.99)), Ms(latencies.Length == 0 ? 0 : latencies[^1]),
                Ms(Percentile(acks, 0.50)), Ms(Percentile(acks, 0.99)),
                readyRssMb, connectedRssMb, joinedRssMb, rssMb, peakMb, server.PeakThreads, 100 * serverCpu.TotalSeconds / cpuSeconds, 100 * driverCpu.TotalSeconds / cpuSeconds, Math.Max(0, 100 * otherCpu.TotalSeconds / cpuSeconds), Volatile.Read(ref _disconnected), errors);
        }
        finally
        {
            // The server is killed first (by the caller) or now: closing a thousand connections one by one makes
            // the site broadcast presence to all the others each time, which is not what is measured.
            await server.DisposeAsync();
            await Parallel.ForEachAsync(connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            {
                try
                {
                    await c.DisposeAsync();
                }
                catch (Exception)
                {
                    // Closing after the server has gone.
                }
            });
        }
    }

    private HubConnection Connect(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(_target.BaseUrl + "/hubs/discussion", options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .WithServerTimeout(TimeSpan.FromMinutes(2))
            .WithKeepAliveInterval(TimeSpan.FromSeconds(15))
            .Build();
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        connection.On<Delivered>("MessagePosted", OnMessage);
        connection.On<Ignored>("PresenceChanged", static _ => { });
        connection.Closed += _ =>
        {
            Interlocked.Increment(ref _disconnected);
            return Task.CompletedTask;
        };
        return connection;
    }

    private void OnMessage(Delivered message)
    {
        var now = Stopwatch.GetTimestamp();
        if (!TryReadStamp(message.Body, out var sentAt))
        {
            return;
        }
        if (now >= Volatile.Read(ref _windowStart) && now < Volatile.Read(ref _windowEnd))
        {
            Interlocked.Increment(ref _deliveriesInWindow);
        }
        if (sentAt >= Volatile.Read(ref _windowStart) && sentAt < Volatile.Read(ref _windowEnd))
        {
            Interlocked.Increment(ref _receivedOfWindow);
            var i = Interlocked.Increment(ref _latencyCount) - 1;
            if (i < _latencies.Length)
            {
                _latencies[i] = now - sentAt;
            }
        }
    }

    /// <summary>Sends on a fixed schedule from one loop: message k goes out at k/rate seconds through sender
    /// k mod S, whether or not earlier ones have been answered (open loop, so a slow server cannot slow the
    /// offered load down). A sender with too many unanswered messages skips its turn, counted.</summary>
    private async Task SendAsync(HubConnection[] connections, CancellationToken cancellationToken)
    {
        var senders = Math.Min(_settings.Senders, connections.Length);
        var outstanding = new int[senders];
        var interval = Stopwatch.Frequency / _settings.Rate;
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(_settings.Warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(_settings.Duration.TotalSeconds * Stopwatch.Frequency);
        Volatile.Write(ref _windowEnd, windowEnd);
        Volatile.Write(ref _windowStart, windowStart);
        var body = new StringBuilder(256);
        var run = Guid.NewGuid().ToString("N")[..8];
        for (long k = 0; ; k++)
        {
            var due = start + (long)(k * interval);
            if (due >= windowEnd)
            {
                break;
            }
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
            }
            var s = (int)(k % senders);
            var inWindow = due >= windowStart;
            if (Volatile.Read(ref outstanding[s]) >= _settings.MaxOutstandingPerSender)
            {
                if (inWindow)
                {
                    Interlocked.Increment(ref _skipped);
                }
                continue;
            }
            // The stamp is the scheduled time, not the time the loop got round to it: lateness of the driver counts against the latency.
            body.Clear().Append('t').Append(due.ToString(CultureInfo.InvariantCulture)).Append(" s").Append(s.ToString(CultureInfo.InvariantCulture))
                .Append(" n").Append(k.ToString(CultureInfo.InvariantCulture)).Append(Filler);
            Interlocked.Increment(ref outstanding[s]);
            Interlocked.Increment(ref _sent);
            if (inWindow)
            {
                Interlocked.Increment(ref _sentInWindow);
            }
            var call = connections[s].InvokeAsync<Ack>("SendMessage", _target.ThreadId, body.ToString(), $"bench-{run}-{k.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);
            _ = Track(call, s, due, inWindow, outstanding);
        }
    }

    private async Task Track(Task<Ack> call, int sender, long due, bool inWindow, int[] outstanding)
    {
        try
        {
            await call;
            Interlocked.Increment(ref _acked);
            if (inWindow)
            {
                Interlocked.Increment(ref _ackedInWindow);
                var i = Interlocked.Increment(ref _ackLatencyCount) - 1;
                if (i < _ackLatencies.Length)
                {
                    _ackLatencies[i] = Stopwatch.GetTimestamp() - due;
                }
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            var key = e.GetType().Name + ": " + (e.Message.Length > 120 ? e.Message[..120] : e.Message);
            lock (_errors)
            {
                _errors[key] = _errors.GetValueOrDefault(key) + 1;
            }
        }
        finally
        {
            Interlocked.Decrement(ref outstanding[sender]);
        }
    }

    private static bool TryReadStamp(string? body, out long stamp)
    {
        stamp = 0;
        if (body is null || body.Length < 2 || body[0] != 't')
        {
            return false;
        }
        var end = body.IndexOf(' ', StringComparison.Ordinal);
        return end > 1 && long.TryParse(body.AsSpan(1, end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out stamp);
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
