using System.Globalization;
using ChildForum.Benchmarks.Support;

namespace ChildForum.Benchmarks;

/// <summary>A server under test in its own process on 127.0.0.1 (<see cref="ServedProcess"/>), its memory and threads
/// sampled while it runs.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ServedProcess _process;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _maxRssKb;
    private int _maxThreads;

    private ServerProcess(ServedProcess process, string name)
    {
        _process = process;
        Name = name;
        _sampler = Task.Run(SampleAsync);
    }

    public string Name { get; }
    public int Port => _process.Port;
    public int Pid => _process.Pid;
    public string BaseUrl => _process.BaseUrl;

    /// <summary>The site's Release build with a new SQLite database in <paramref name="dataPath"/> (or the PostgreSQL
    /// database <paramref name="postgres"/>), the demo recipe and the per-person send limit raised out of the way.
    /// Unless <paramref name="firstStart"/>, the process measured is not the data's first: a first start runs the
    /// migrations, the demo recipe and the first index build and is stopped, and the site is started again on that data,
    /// as a site in service is (<see cref="FirstStartPeakRssMb"/> is that first start's peak).</summary>
    public static async Task<ServerProcess> StartSiteAsync(string webDll, string dataPath, string? postgres, IReadOnlyDictionary<string, string> environment, string logPath, bool firstStart, CancellationToken cancellationToken)
    {
        var port = ServedProcess.FreePort();
        var start = ServedProcess.SiteStart(webDll, port, dataPath);
        start.Environment["Discussions__RateLimit"] = "1000000";
        // The driver plays N people with the 7 demo accounts: many connections per account.
        start.Environment["Discussions__MaxConnectionsPerPerson"] = "1000000";
        if (postgres is not null)
        {
            start.Environment["ConnectionStrings__Postgres"] = postgres;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var name = postgres is null ? "site" : "site-pg";
        if (firstStart)
        {
            return await LaunchAsync(name, start, port, logPath, TimeSpan.FromSeconds(90), cancellationToken);
        }
        var firstPeak = await PrepareDataAsync(start, port, Path.ChangeExtension(logPath, ".first-start.log"), cancellationToken);
        var server = await LaunchAsync(name, start, port, logPath, TimeSpan.FromSeconds(90), cancellationToken);
        server.FirstStartPeakRssMb = firstPeak;
        return server;
    }

    /// <summary>The peak RSS (MB) of the first start that prepared the data, without clients; null when the measured
    /// process was the first start.</summary>
    public double? FirstStartPeakRssMb { get; private set; }

    /// <summary>Starts the site on its new data, lets it finish its first work and stops it as a service manager would;
    /// returns its peak RSS in MB.</summary>
    private static async Task<double> PrepareDataAsync(System.Diagnostics.ProcessStartInfo start, int port, string logPath, CancellationToken cancellationToken)
    {
        await using var first = ServedProcess.Start(start, port, logPath);
        await first.WaitUntilHealthyAsync("site's first start", TimeSpan.FromSeconds(90), cancellationToken);
        // Ready means migrated and seeded; the first index build of the demo content (a few hundred items) runs after
        // that and takes a few seconds. Whatever it leaves undone, the next start finishes (as a restarted site would).
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var peak = StatusField(first.Pid, "VmHWM:") / 1024.0;
        await first.StopAsync(TimeSpan.FromSeconds(30));
        return peak;
    }

    /// <summary>This program again, as the bare hub, with server GC like the site.</summary>
    public static Task<ServerProcess> StartBareAsync(string logPath, CancellationToken cancellationToken)
    {
        var port = ServedProcess.FreePort();
        var self = typeof(ServerProcess).Assembly.Location;
        var start = ServedProcess.DotnetStart(self, ["--bare-server", port.ToString(CultureInfo.InvariantCulture)]);
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_gcConcurrent"] = "1";
        return LaunchAsync("bare", start, port, logPath, TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Starts the process and samples it from the first moment (its start-up counts in the peaks), ready once it
    /// answers /health.</summary>
    private static async Task<ServerProcess> LaunchAsync(string name, System.Diagnostics.ProcessStartInfo start, int port, string logPath, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        var server = new ServerProcess(ServedProcess.Start(start, port, logPath), name);
        try
        {
            await server._process.WaitUntilHealthyAsync($"{name} server", readyWithin, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory now and the kernel's high-water mark (VmHWM), in MB.</summary>
    public (double RssMb, double PeakRssMb) Memory() =>
        (StatusField(Pid, "VmRSS:") / 1024.0, Math.Max(StatusField(Pid, "VmHWM:"), Interlocked.Read(ref _maxRssKb)) / 1024.0);

    /// <summary>A field of <c>/proc/PID/status</c> ("VmRSS:", "VmHWM:" in kB; "Threads:" a count); 0 if absent.</summary>
    private static long StatusField(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field, StringComparison.Ordinal)).Select(Kb).FirstOrDefault();

    /// <summary>The most threads the server had at one time (sampled every 250 ms): a thread pool that grows is a sign of blocking calls.</summary>
    public int PeakThreads => Volatile.Read(ref _maxThreads);

    private int Threads() => (int)StatusField(Pid, "Threads:");

    /// <summary>User plus system CPU time the server has used so far.</summary>
    public TimeSpan CpuTime() => TimeSpan.FromSeconds(ProcStat.Process(Pid).Ticks / ProcStat.TicksPerSecond);

    /// <summary>CPU time all processes of the machine have used so far (busy time of all cores, from /proc/stat).</summary>
    public static TimeSpan MachineCpuTime() => TimeSpan.FromSeconds(ProcStat.MachineBusyTicks() / ProcStat.TicksPerSecond);

    private static long Kb(string line) =>
        long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var (rss, _) = Memory();
                var kb = (long)(rss * 1024);
                if (kb > Interlocked.Read(ref _maxRssKb))
                {
                    Interlocked.Exchange(ref _maxRssKb, kb);
                }
                var threads = Threads();
                if (threads > _maxThreads)
                {
                    Volatile.Write(ref _maxThreads, threads);
                }
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                return; // The process has gone.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        await _process.DisposeAsync();
        _stop.Dispose();
    }
}
