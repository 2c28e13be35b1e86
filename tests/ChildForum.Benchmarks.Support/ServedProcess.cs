using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChildForum.Benchmarks.Support;

/// <summary>A server under test in its own process on a free loopback port, its output in a log file, so that its CPU time
/// and memory can be read from /proc apart from the driver's. Ready once it answers /health; killed with its children
/// when disposed.</summary>
public sealed class ServedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _logPath;

    private ServedProcess(Process process, StreamWriter log, string logPath, int port)
    {
        _process = process;
        _log = log;
        _logPath = logPath;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><paramref name="dll"/> run by the same dotnet host as the driver, without the driver's own GC settings.</summary>
    public static ProcessStartInfo DotnetStart(string dll, IEnumerable<string> args)
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

    /// <summary>The site (<paramref name="webDll"/>) as it runs in production on <paramref name="port"/>: a new data folder
    /// with SQLite, the demo recipe, migrated at start, and no database or Redis inherited from the driver's environment
    /// (a caller that wants PostgreSQL sets it).</summary>
    public static ProcessStartInfo SiteStart(string webDll, int port, string dataPath)
    {
        var start = DotnetStart(webDll, ["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]);
        start.WorkingDirectory = Path.GetDirectoryName(webDll)!;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ChildForum__DataPath"] = dataPath;
        start.Environment["ChildForum__Recipe"] = "demo";
        start.Environment["ChildForum__MigrateOnStart"] = "true";
        start.Environment.Remove("ConnectionStrings__Postgres");
        start.Environment.Remove("ConnectionStrings__Redis");
        return start;
    }

    /// <summary>Starts the process with its output going to <paramref name="logPath"/>; it is not ready yet
    /// (<see cref="WaitUntilHealthyAsync"/>).</summary>
    public static ServedProcess Start(ProcessStartInfo start, int port, string logPath)
    {
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServedProcess(process, log, logPath, port);
    }

    /// <summary>Returns once /health answers with success; throws when the process exits first or
    /// <paramref name="within"/> passes. <paramref name="what"/> names it in the message ("site", "bare server").</summary>
    public async Task WaitUntilHealthyAsync(string what, TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {what} exited with {_process.ExitCode} before it was ready; see {_logPath}.");
            }
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"The {what} did not answer /health within {within.TotalSeconds} s; see {_logPath}.");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Asks the process to stop as a service manager does (SIGTERM: the host finishes its requests and hosted
    /// services), and kills it if it has not exited within <paramref name="within"/>.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
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
    }
}
