using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChildForum.Benchmarks;

/// <summary>One measured case: N connections in this process spread over <see cref="Threads"/> threads of the hub
/// (connection i in thread i mod T); <see cref="Senders"/> of them also send (at least one per thread), together
/// <see cref="Rate"/> messages a second spread evenly over the threads, on a fixed schedule that does not wait
/// for the answers (open loop).</summary>
public sealed record Settings(int Clients, double Rate, int Senders, TimeSpan Warmup, TimeSpan Duration, TimeSpan Drain, int ConnectParallelism, int MaxOutstandingPerSender, int Threads = 1)
{
    /// <summary>Sending connections per thread: the senders shared out, at least one, at most the thread's clients.</summary>
    public int SendersPerThread => Math.Clamp(Senders / Threads, 1, Math.Max(1, Clients / Threads));

    /// <summary>Connections 0 … SenderConnections − 1 send; sender s lies in thread s mod T.</summary>
    public int SenderConnections => Math.Min(Clients, SendersPerThread * Threads);
}

public sealed record CaseResult(
    string Server, Settings Settings, TimeSpan ConnectTime, TimeSpan JoinTime, int Connected,
    long Sent, long Acked, long SendFailures, long Skipped, long Deliveries, double DeliveriesPerSecond,
    long Expected, long Received, double P50Ms, double P99Ms, double MaxMs, double AckP50Ms, double AckP99Ms,
    double ServerReadyRssMb, double ServerConnectedRssMb, double ServerJoinedRssMb, double ServerRssMb, double ServerPeakRssMb, int ServerPeakThreads, double ServerCpuPercent, double DriverCpuPercent, double OtherCpuPercent, double ServerWindowCpuPercent, int Disconnected,
    IReadOnlyDictionary<string, int> Errors);

/// <summary>Who signs in where: on the site the demo accounts; the bare hub ignores the token.</summary>
public sealed record Target(string Name, string BaseUrl, IReadOnlyList<int> ThreadIds, IReadOnlyList<string> SenderTokens, IReadOnlyList<string> ReaderTokens);

public static class SiteSetup
{
    public const string Password = "ChildForum-demo-2026";
    public const string Group = "left-behind-children";

    /// <summary>Members of the public demo group, who may post: the senders.</summary>
    public static readonly string[] Senders = ["cso", "official", "researcher", "business"];

    /// <summary>Everyone in the demo recipe reads the public group: the receivers.</summary>
    public static readonly string[] Readers = ["cso", "official", "researcher", "business", "facilitator", "admin", "outsider"];

    /// <summary>Signs the demo accounts in (one bearer token each, shared by that account's connections)
    /// and starts <paramref name="threads"/> new threads in the public demo group.</summary>
    public static async Task<Target> PrepareAsync(string name, string baseUrl, int threads, CancellationToken cancellationToken)
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
        var threadIds = new List<int>(threads);
        for (var t = 0; t < threads; t++)
        {
            threadIds.Add(await CreateThreadAsync(http, tokens["cso"], t, cancellationToken));
        }
        return new Target(name, baseUrl, threadIds, [.. Senders.Select(s => tokens[s])], [.. Readers.Select(r => tokens[r])]);
    }

    private static async Task<int> CreateThreadAsync(HttpClient http, string token, int number, CancellationToken cancellationToken)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/groups/{Group}/threads")
        {
            Content = JsonContent.Create(new { title = $"Load test {DateTime.UtcNow.ToString("s", CultureInfo.InvariantCulture)} #{number.ToString(CultureInfo.InvariantCulture)}", body = "Messages from the benchmark driver follow." }),
        };
        create.Headers.Authorization = new("Bearer", token);
        using var created = await http.SendAsync(create, cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the thread failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return (await created.Content.ReadFromJsonAsync<ThreadResponse>(cancellationToken))!.Id;
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


/// <summary>Connections at the start of a run: how long opening and joining took and the server's memory at each point.</summary>
public sealed record Connected(TimeSpan ConnectTime, TimeSpan JoinTime, int Count, double ReadyRssMb, double ConnectedRssMb, double JoinedRssMb);

/// <summary>Opens N connections against one server once (<see cref="ConnectAsync"/>) and then measures one or
/// more steps of sending over them (<see cref="RunStepAsync"/>): one case, or the steps of a ramp.</summary>
public sealed class LoadDriver : IAsyncDisposable
{
    private const string Filler = " — from our centre's experience, village child directors need a short practical **training**, a clear referral path to the township social worker, and time.";

    private readonly Target _target;
    private readonly Settings _settings;
    private readonly ServerProcess _server;
    private readonly HubConnection[] _connections;
    private readonly int[] _clientsPerThread;
    private Connected? _connected;
    private StepCounters _step = new(0, 0);
    private int _disconnected;

    public LoadDriver(Target target, Settings settings, ServerProcess server)
    {
        _target = target;
        _settings = settings;
        _server = server;
        _connections = new HubConnection[settings.Clients];
        _clientsPerThread = new int[settings.Threads];
        for (var i = 0; i < settings.Clients; i++)
        {
            _clientsPerThread[i % settings.Threads]++;
        }
    }

    /// <summary>One case: connect, then one step at the settings' rate.</summary>
    public async Task<CaseResult> RunAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        await ConnectAsync(progress, cancellationToken);
        return await RunStepAsync(_settings.Rate, _settings.Warmup, cancellationToken);
    }

    public async Task ConnectAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var (readyRssMb, _) = _server.Memory();
        var connectWatch = Stopwatch.StartNew();
        var connected = 0;
        var joined = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _settings.ConnectParallelism, CancellationToken = cancellationToken };
        // First every connection, then every join, so that the memory of idle connections and that of joining
        // (on the site each join broadcasts the thread's presence list to everyone already in it) can be told apart.
        await Parallel.ForAsync(0, _settings.Clients, parallel, async (i, ct) =>
        {
            var token = i < _settings.SenderConnections ? _target.SenderTokens[i % _target.SenderTokens.Count] : _target.ReaderTokens[i % _target.ReaderTokens.Count];
            var connection = Connect(token);
            _connections[i] = connection;
            await connection.StartAsync(ct);
            Interlocked.Increment(ref connected);
        });
        var connectTime = connectWatch.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var (connectedRssMb, _) = _server.Memory();
        var joinWatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, _settings.Clients, parallel, async (i, ct) =>
        {
            await _connections[i].InvokeAsync<Ignored>("JoinThread", _target.ThreadIds[i % _settings.Threads], ct);
            var n = Interlocked.Increment(ref joined);
            if (n % 250 == 0 && n < _settings.Clients)
            {
                progress($"  {n} joined");
            }
        });
        var joinTime = joinWatch.Elapsed;
        progress($"  {connected} connected in {connectTime.TotalSeconds:F1} s, joined {_settings.Threads} thread(s) in {joinTime.TotalSeconds:F1} s");
        // Let the presence broadcasts of the joins drain before the clock starts.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var (joinedRssMb, _) = _server.Memory();
        _connected = new Connected(connectTime, joinTime, connected, readyRssMb, connectedRssMb, joinedRssMb);
    }

    /// <summary>Sends at <paramref name="rate"/> messages a second for warm-up and window, waits (within the
    /// drain bound) for the answers and deliveries of the window's messages, and reports them.</summary>
    public async Task<CaseResult> RunStepAsync(double rate, TimeSpan warmup, CancellationToken cancellationToken)
    {
        var connected = _connected ?? throw new InvalidOperationException("Connect first.");
        var settings = _settings with { Rate = rate, Warmup = warmup };
        var step = new StepCounters(
            (int)Math.Min((long)(rate * settings.Duration.TotalSeconds * (settings.Clients / (double)settings.Threads + 1) * 1.5) + 1000, 20_000_000),
            (int)(rate * settings.Duration.TotalSeconds * 1.5) + 1000);
        Volatile.Write(ref _step, step);

        var driverCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu0 = _server.CpuTime();
        var machineCpu0 = ServerProcess.MachineCpuTime();
        // The server's CPU at the window's start, apart from the warm-up's: a site that has just started still compiles.
        var serverCpuAtWindow = Task.Run(async () =>
        {
            await Task.Delay(settings.Warmup, cancellationToken);
            return _server.CpuTime();
        }, cancellationToken);
        await SendAsync(step, settings, cancellationToken);
        var serverCpu = _server.CpuTime() - serverCpu0;
        var serverWindowCpu = _server.CpuTime() - await serverCpuAtWindow;
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime - driverCpu0;
        var otherCpu = ServerProcess.MachineCpuTime() - machineCpu0 - serverCpu - driverCpu;
        var (rssMb, _) = _server.Memory();

        // Drain: wait for the answers and deliveries of the measured messages, within a bound.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < settings.Drain &&
               (Interlocked.Read(ref step.ReceivedOfWindow) < Interlocked.Read(ref step.ExpectedOfWindow) || Interlocked.Read(ref step.Acked) + Interlocked.Read(ref step.Failures) < Interlocked.Read(ref step.Sent)))
        {
            await Task.Delay(100, cancellationToken);
        }
        var (_, peakMb) = _server.Memory();

        var latencies = step.Latencies.AsSpan(0, Math.Min(step.LatencyCount, step.Latencies.Length)).ToArray();
        Array.Sort(latencies);
        var acks = step.AckLatencies.AsSpan(0, Math.Min(step.AckLatencyCount, step.AckLatencies.Length)).ToArray();
        Array.Sort(acks);
        var window = settings.Duration.TotalSeconds;
        // CPU time is read over the whole sending time, warm-up and window.
        var cpuSeconds = (settings.Warmup + settings.Duration).TotalSeconds;
        Dictionary<string, int> errors;
        lock (step.Errors)
        {
            errors = new Dictionary<string, int>(step.Errors);
        }
        return new CaseResult(
            _target.Name, settings, connected.ConnectTime, connected.JoinTime, connected.Count,
            step.SentInWindow, step.AckedInWindow, step.Failures, step.Skipped, step.DeliveriesInWindow, step.DeliveriesInWindow / window,
            step.ExpectedOfWindow, step.ReceivedOfWindow,
            Ms(Percentile(latencies, 0.50)), Ms(Percentile(latencies, 0.99)), Ms(latencies.Length == 0 ? 0 : latencies[^1]),
            Ms(Percentile(acks, 0.50)), Ms(Percentile(acks, 0.99)),
            connected.ReadyRssMb, connected.ConnectedRssMb, connected.JoinedRssMb, rssMb, peakMb, _server.PeakThreads,
            100 * serverCpu.TotalSeconds / cpuSeconds, 100 * driverCpu.TotalSeconds / cpuSeconds, Math.Max(0, 100 * otherCpu.TotalSeconds / cpuSeconds),
            100 * serverWindowCpu.TotalSeconds / window, Volatile.Read(ref _disconnected), errors);
    }

    /// <summary>Closes the connections. Kill the server first: closing a thousand connections one by one makes
    /// the site broadcast presence to all the others each time, which is not what is measured.</summary>
    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
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
        var step = Volatile.Read(ref _step);
        if (!TryReadStamp(message.Body, out var sentAt))
        {
            return;
        }
        var windowStart = Volatile.Read(ref step.WindowStart);
        var windowEnd = Volatile.Read(ref step.WindowEnd);
        if (now >= windowStart && now < windowEnd)
        {
            Interlocked.Increment(ref step.DeliveriesInWindow);
        }
        // A late delivery of an earlier step carries a stamp from before this step's window and is not counted here.
        if (sentAt >= windowStart && sentAt < windowEnd)
        {
            Interlocked.Increment(ref step.ReceivedOfWindow);
            var i = Interlocked.Increment(ref step.LatencyCount) - 1;
            if (i < step.Latencies.Length)
            {
                step.Latencies[i] = now - sentAt;
            }
        }
    }

    /// <summary>Sends on a fixed schedule from one loop: message k goes out at k/rate seconds through sender
    /// k mod S into that sender's thread, whether or not earlier ones have been answered (open loop, so a slow
    /// server cannot slow the offered load down). A sender with too many unanswered messages skips its turn, counted.</summary>
    private async Task SendAsync(StepCounters step, Settings settings, CancellationToken cancellationToken)
    {
        var senders = settings.SenderConnections;
        var outstanding = new int[senders];
        var interval = Stopwatch.Frequency / settings.Rate;
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(settings.Warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        Volatile.Write(ref step.WindowEnd, windowEnd);
        Volatile.Write(ref step.WindowStart, windowStart);
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
            var thread = s % settings.Threads;
            var inWindow = due >= windowStart;
            if (Volatile.Read(ref outstanding[s]) >= settings.MaxOutstandingPerSender)
            {
                if (inWindow)
                {
                    Interlocked.Increment(ref step.Skipped);
                }
                continue;
            }
            // The stamp is the scheduled time, not the time the loop got round to it: lateness of the driver counts against the latency.
            body.Clear().Append('t').Append(due.ToString(CultureInfo.InvariantCulture)).Append(" s").Append(s.ToString(CultureInfo.InvariantCulture))
                .Append(" n").Append(k.ToString(CultureInfo.InvariantCulture)).Append(Filler);
            Interlocked.Increment(ref outstanding[s]);
            Interlocked.Increment(ref step.Sent);
            if (inWindow)
            {
                Interlocked.Increment(ref step.SentInWindow);
            }
            var call = _connections[s].InvokeAsync<Ack>("SendMessage", _target.ThreadIds[thread], body.ToString(), $"bench-{run}-{k.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);
            _ = Track(step, call, s, due, inWindow ? _clientsPerThread[thread] : 0, outstanding);
        }
    }

    /// <summary>Counts the answer to one send; <paramref name="readers"/> is how many deliveries a window message
    /// should reach (the clients in its thread), 0 outside the window.</summary>
    private static async Task Track(StepCounters step, Task<Ack> call, int sender, long due, int readers, int[] outstanding)
    {
        try
        {
            await call;
            Interlocked.Increment(ref step.Acked);
            if (readers > 0)
            {
                Interlocked.Increment(ref step.AckedInWindow);
                Interlocked.Add(ref step.ExpectedOfWindow, readers);
                var i = Interlocked.Increment(ref step.AckLatencyCount) - 1;
                if (i < step.AckLatencies.Length)
                {
                    step.AckLatencies[i] = Stopwatch.GetTimestamp() - due;
                }
            }
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref step.Failures);
            var key = e.GetType().Name + ": " + (e.Message.Length > 120 ? e.Message[..120] : e.Message);
            lock (step.Errors)
            {
                step.Errors[key] = step.Errors.GetValueOrDefault(key) + 1;
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

    /// <summary>The counters of one step, fresh for each, so that a ramp's steps do not mix.</summary>
    private sealed class StepCounters(int latencyCapacity, int ackCapacity)
    {
        public readonly long[] Latencies = new long[latencyCapacity];
        public readonly long[] AckLatencies = new long[ackCapacity];
        public readonly Dictionary<string, int> Errors = [];
        public int LatencyCount;
        public int AckLatencyCount;
        public long WindowStart = long.MaxValue;
        public long WindowEnd = long.MaxValue;
        public long DeliveriesInWindow;
        public long ReceivedOfWindow;
        public long ExpectedOfWindow;
        public long SentInWindow;
        public long AckedInWindow;
        public long Sent;
        public long Acked;
        public long Failures;
        public long Skipped;
    }
}
