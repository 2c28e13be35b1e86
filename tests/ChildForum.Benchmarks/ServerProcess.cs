using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChildForum.Benchmarks;

/// <summary>A server under test in its own process on 127.0.0.1, so that its memory and CPU time can be read
/// from /proc and do not mix with the driver's.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _maxRssKb;
    private int _maxThreads;

    private ServerProcess(Process process, StreamWriter log, int port, string name)
    {
        _process = process;
        _log = log;
        Port = port;
        Name = name;
        _sampler = Task.Run(SampleAsync);
    }

    public string Name { get; }
    public int Port { get; }
    public int Pid => _process.Id;
    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The site's Release build with a new SQLite database in <paramref name="dataPath"/>, the demo recipe
    /// and the per-person send limit raised out of the way.</summary>
    public static Task<ServerProcess> StartSiteAsync(string webDll, string dataPath, string? postgres, IReadOnlyDictionary<string, string> environment, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = DotnetStart(webDll, ["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]);
        start.WorkingDirectory = Path.GetDirectoryName(webDll)!;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ChildForum__DataPath"] = dataPath;
        start.Environment["ChildForum__Recipe"] = "demo";
        start.Environment["ChildForum__MigrateOnStart"] = "true";
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
        return LaunchAsync(postgres is null ? "site" : "site-pg", start, port, logPath, TimeSpan.FromSeconds(90), cancellationToken);
    }

    /// <summary>This program again, as the bare hub, with server GC like the site.</summary>
    public static Task<ServerProcess> StartBareAsync(string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var self = typeof(ServerProcess).Assembly.Location;
        var start = DotnetStart(self, ["--bare-server", port.ToString(CultureInfo.InvariantCulture)]);
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_gcConcurrent"] = "1";
        return LaunchAsync("bare", start, port, logPath, TimeSpan.FromSeconds(30), cancellationToken);
    }

    private static ProcessStartInfo DotnetStart(string dll, string[] args)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The driver's own settings must not leak into the server.
        start.Environment.Remove("DOTNET_gcServer");
        start.Environment.Remove("DOTNET_GCgen0size");
        return start;
    }

    private static async Task<ServerProcess> LaunchAsync(string name, ProcessStartInfo start, int port, string logPath, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, log, port, name);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} server exited with {process.ExitCode} before it was ready; see {logPath}.");
            }
            try
            {
                using var response = await http.GetAsync(server.BaseUrl + "/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            if (deadline.Elapsed > readyWithin)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"The {name} server did not answer /health within {readyWithin.TotalSeconds} s; see {logPath}.");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Resident memory now and the kernel's high-water mark (VmHWM), in MB.</summary>
    public (double RssMb, double PeakRssMb) Memory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kb(line);
            }
        }
        return (rss / 1024.0, Math.Max(hwm, Interlocked.Read(ref _maxRssKb)) / 1024.0);
    }

    /// <summary>The most threads the server had at one time (sampled every 250 ms): a thread pool that grows is a sign of blocking calls.</summary>
    public int PeakThreads => Volatile.Read(ref _maxThreads);

    private int Threads()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                return (int)Kb(line);
            }
        }
        return 0;
    }

    /// <summary>User plus system CPU time the server has used so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime), counted after the command name: index 11 and 12 here; clock ticks of 1/100 s.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>CPU time all processes of the machine have used so far (busy time of all cores, from /proc/stat).</summary>
    public static TimeSpan MachineCpuTime()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
        long busy = 0;
        for (var i = 1; i < Math.Min(cpu.Length, 9); i++)
        {
            if (i is not (4 or 5))
            {
                busy += long.Parse(cpu[i], CultureInfo.InvariantCulture);
            }
        }
        return TimeSpan.FromSeconds(busy / 100.0);
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
        _stop.Dispose();
    }
}
