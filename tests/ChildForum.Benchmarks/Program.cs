using System.Globalization;
using ChildForum.Benchmarks;
using ChildForum.Benchmarks.Support;

// Live discussions under load: N SignalR clients of this one process against the site's /hubs/discussion
// and against a bare broadcast hub with the same method shapes, which stores nothing; see docs/benchmarks.md.

if (args is ["--bare-server", var portText])
{
    return await BareServer.RunAsync(int.Parse(portText, CultureInfo.InvariantCulture));
}

if (!CommandLine.TryRead(args, Options.Parse, o => o.Help, Options.Usage, out var options, out var exitCode))
{
    return exitCode;
}

#if DEBUG
Console.Error.WriteLine("Warning: the driver is a Debug build; measure with -c Release.");
#endif

// Many connections at once: give the thread pool a few threads up front instead of growing it slowly.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));

var work = Directory.CreateTempSubdirectory("childforum-bench-");
using var cancel = CommandLine.CancelOnCtrlC();

var webDll = options.WebDll ?? "";
if (options.Servers.Any(s => s.StartsWith("site", StringComparison.Ordinal)))
{
    if (options.WebDll is null)
    {
        // The site as it is deployed (ReadyToRun), not the build output, whose hot paths the JIT compiles for minutes.
        var root = CommandLine.RepositoryRoot(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        if (root is null)
        {
            Console.Error.WriteLine("Run from inside the repository (no ChildForum.sln above here), or pass --web-dll.");
            return 2;
        }
        var site = Path.Combine(work.FullName, "site");
        Console.WriteLine($"Publishing {root}/src/ChildForum.Web (Release, ReadyToRun) to {site} …");
        webDll = await SitePublish.PublishAsync(root, site, Path.Combine(work.FullName, "publish.log"), cancel.Token);
    }
    if (!File.Exists(webDll))
    {
        Console.Error.WriteLine($"No site at {webDll}.");
        return 2;
    }
}

var machine = Machine.Describe();
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Site: {webDll}");
Console.WriteLine($"Logs and data: {work.FullName}");
var results = new List<CaseResult>();
var notes = new List<string>();
var failed = false;
var caseNumber = 0;
var databases = new List<string>();
var runs = options.Ramp
    ? options.Servers.Select(s => (Server: s, Clients: options.RampClients, Rate: options.RampRates[0]))
    : options.Cases.SelectMany(c => options.Servers.Select(s => (Server: s, c.Clients, c.Rate)));
foreach (var (serverName, clients, rate) in runs)
{
    var settings = new Settings(clients, rate, options.Senders, options.Warmup, options.Duration, options.Drain, options.ConnectParallelism, options.MaxOutstanding, options.Threads);
    var label = $"{serverName}, N={clients}" + (options.Threads > 1 ? $" in {options.Threads} threads" : "") +
        (options.Ramp ? ", ramp" : $", {rate.ToString(CultureInfo.InvariantCulture)} msg/s");
    Console.WriteLine($"{label}: starting");
    caseNumber++;
    ServerProcess? server = null;
    LoadDriver? driver = null;
    try
    {
        var log = Path.Combine(work.FullName, $"{caseNumber}-{serverName}-{clients}.log");
        var database = serverName == "site-pg" ? "childforum_bench_" + Guid.NewGuid().ToString("N") : null;
        databases.AddRange(database is null ? [] : [database]);
        server = serverName == "bare"
            ? await ServerProcess.StartBareAsync(log, cancel.Token)
            : await ServerProcess.StartSiteAsync(webDll, Path.Combine(work.FullName, $"{caseNumber}-data"),
                database is null ? null : options.Postgres + ";Database=" + database, options.SiteEnvironment, log, options.FirstStart, cancel.Token);
        Console.WriteLine($"  {serverName} server: pid {server.Pid}, {server.BaseUrl}");
        if (server.FirstStartPeakRssMb is { } firstPeak)
        {
            var note = string.Create(CultureInfo.InvariantCulture, $"{label}: the first start that prepared the data peaked at {firstPeak:F0} MB without clients.");
            Console.WriteLine("  " + note);
            notes.Add(note);
        }
        var target = serverName == "bare"
            ? new Target("bare", server.BaseUrl, [.. Enumerable.Range(1, options.Threads)], ["-"], ["-"])
            : await SiteSetup.PrepareAsync(serverName, server.BaseUrl, options.Threads, cancel.Token);
        driver = new LoadDriver(target, settings, server);
        if (!options.Ramp)
        {
            var result = await driver.RunAsync(m => Console.WriteLine(m), cancel.Token);
            results.Add(result);
            Console.WriteLine($"{label}: {Report.Line(result)}");
        }
        else
        {
            await driver.ConnectAsync(m => Console.WriteLine(m), cancel.Token);
            for (var step = 0; step < options.RampRates.Count; step++)
            {
                var stepRate = options.RampRates[step];
                var result = await driver.RunStepAsync(stepRate, step == 0 ? options.Warmup : options.StepWarmup, cancel.Token);
                results.Add(result);
                var verdict = Report.Unsustained(result);
                Console.WriteLine($"{label}, {stepRate.ToString(CultureInfo.InvariantCulture)} msg/s: {(verdict is null ? "sustained" : "NOT sustained (" + verdict + ")")}: {Report.Line(result)}");
                if (verdict is not null)
                {
                    break;
                }
            }
        }
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        failed = true;
        Console.WriteLine($"{label}: FAILED: {e.GetType().Name}: {e.Message}");
    }
    finally
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        if (driver is not null)
        {
            await driver.DisposeAsync();
        }
    }
    // Let the sockets of the last case close before the next one.
    await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
}

foreach (var database in databases)
{
    await Postgres.DropDatabaseAsync(options.Postgres!, database);
}

var command = "dotnet run -c Release --project tests/ChildForum.Benchmarks" + (args.Length == 0 ? "" : " -- " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Contains(';', StringComparison.Ordinal) ? $"\"{a}\"" : a)));
var markdown = Report.Markdown(results, options, machine, command, notes);
await MarkdownOutput.WriteAsync(markdown, options.MarkdownPath);
if (!failed && results.All(r => r.SendFailures == 0 || options.Ramp))
{
    work.Delete(recursive: true);
}
else
{
    Console.WriteLine($"Server logs kept in {work.FullName} (a case failed or a send was refused)");
}
return failed ? 1 : 0;
