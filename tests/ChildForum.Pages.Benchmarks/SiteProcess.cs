using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChildForum.Pages.Benchmarks;

/// <summary>The published site in its own process on a free loopback port (Production, SQLite, demo recipe, a new data
/// folder), so that its CPU time can be read from /proc apart from wrk's and the driver's. The same approach as
/// tests/ChildForum.Benchmarks/ServerProcess.cs, without the memory sampling that benchmark needs.</summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SiteProcess(Process process, StreamWriter log, int port)
    {
        _process = process;
        _log = log;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Publishes src/ChildForum.Web in Release into <paramref name="outputDir"/>: the form that is deployed, with
    /// the static assets of the theme and modules laid out under wwwroot as Production serves them.</summary>
    public static async Task PublishAsync(string repositoryRoot, string outputDir, string logPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(repositoryRoot, "src", "ChildForum.Web", "ChildForum.Web.csproj"), "-c", "Release", "-o", outputDir, "--nologo" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await File.WriteAllTextAsync(logPath, await output + await error, cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed with {process.ExitCode}; see {logPath}.");
        }
    }

    public static async Task<SiteProcess> StartAsync(string webDir, string dataPath, string logPath, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = webDir,
        };
        start.ArgumentList.Add(Path.Combine(webDir, "ChildForum.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ChildForum__DataPath"] = dataPath;
        start.Environment["ChildForum__Recipe"] = "demo";
        start.Environment["ChildForum__MigrateOnStart"] = "true";
        start.Environment.Remove("ConnectionStrings__Postgres");
        start.Environment.Remove("ConnectionStrings__Redis");

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var site = new SiteProcess(process, log, port);
        try
        {
            await site.WaitUntilHealthyAsync(logPath, TimeSpan.FromSeconds(120), cancellationToken);
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(string logPath, TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The site exited with {_process.ExitCode} before it was ready; see {logPath}.");
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
                throw new TimeoutException($"The site did not answer /health within {within.TotalSeconds} s; see {logPath}.");
            }
            await Task.Delay(250, cancellationToken);
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
