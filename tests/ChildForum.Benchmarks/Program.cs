using System.Globalization;
using ChildForum.Benchmarks;

// Live discussions under load: N SignalR clients of this one process against the site's /hubs/discussion
// and against a bare broadcast hub with the same method shapes, which stores nothing; see docs/benchmarks.md.

if (args is ["--bare-server", var portText])
{
    return await BareServer.RunAsync(int.Parse(portText, CultureInfo.InvariantCulture));
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

var webDll = options.WebDll ?? Options.DefaultWebDll();
if (options.Servers.Contains("site") && !File.Exists(webDll))
{
    Console.Error.WriteLine($"The site is not built at {webDll}: build the solution in Release first, or pass --web-dll.");
    return 2;
}
#if DEBUG
Console.Error.WriteLine("Warning: the driver is a Debug build; measure with -c Release.");
#endif

// Many connections at once: give the thread pool a few threads up front instead of growing it slowly.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));

var work = Directory.CreateTempSubdirectory("childforum-bench-");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var machine = Machine.Describe();
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Site: {webDll}");
Console.WriteLine($"Logs and data: {work.FullName}");
var results = new List<CaseResult>();
var failed = false;
var caseNumber = 0;
foreach (var (clients, rate) in options.Cases)
{
    foreach (var serverName in options.Servers)
    {
        var settings = new Settings(clients, rate, options.Senders, options.Warmup, options.Duration, options.Drain, options.ConnectParallelism, options.MaxOutstanding);
        var label = $"{serverName}, N={clients}, {rate.ToString(CultureInfo.InvariantCulture)} msg/s";
        Console.WriteLine($"{label}: starting");
        caseNumber++;
        try
        {
            var log = Path.Combine(work.FullName, $"{caseNumber}-{serverName}-{clients}.log");
            var server = serverName == "site"
                ? await ServerProcess.StartSiteAsync(webDll, Path.Combine(work.FullName, $"{caseNumber}-data"), log, cancel.Token)
                : await ServerProcess.StartBareAsync(log, cancel.Token);
            Console.WriteLine($"  {serverName} server: pid {server.Pid}, {server.BaseUrl}");
            var target = serverName == "site"
                ? await SiteSetup.PrepareAsync(server.BaseUrl, cancel.Token)
                : new Target("bare", server.BaseUrl, 1, ["-"], ["-"]);
            var result = await new LoadDriver(target, settings).RunAsync(server, m => Console.WriteLine(m), cancel.Token);
            results.Add(result);
            Console.WriteLine($"{label}: {Report.Line(result)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed = true;
            Console.WriteLine($"{label}: FAILED: {e.GetType().Name}: {e.Message}");
        }
        // Let the sockets of the last case close before the next one.
        await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
    }
}

var markdown = Report.Markdown(results, options, machine, Environment.CommandLine);
Console.WriteLine();
Console.WriteLine(markdown);
if (options.MarkdownPath is { } path)
{
    await File.WriteAllTextAsync(path, markdown);
    Console.WriteLine($"Written to {path}");
}
if (!failed)
{
    work.Delete(recursive: true);
}
else
{
    Console.WriteLine($"Server logs kept in {work.FullName}");
}
return failed ? 1 : 0;
