using System.Globalization;
using ChildForum.Benchmarks.Support;
using ChildForum.Pages.Benchmarks;

// Pages under 32 concurrent readers (issue 14): the published site against wrk, each route anonymous (the page cache)
// and signed in (rendered each time), beside a static file measured in the same run; see README.md.

if (!CommandLine.TryRead(args, Options.Parse, o => o.Help, Options.Usage, out var options, out var exitCode))
{
    return exitCode;
}
if (!Wrk.IsInstalled())
{
    Console.Error.WriteLine("wrk is not installed: apt-get install wrk (Debian package).");
    return 2;
}
#if DEBUG
Console.Error.WriteLine("Warning: the driver is a Debug build; measure with -c Release (the site is published in Release either way).");
#endif

using var cancel = CommandLine.CancelOnCtrlC();
var started = DateTime.UtcNow;
var machine = Machine.Describe();
var work = Directory.CreateTempSubdirectory("childforum-pagebench-");
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Logs and data: {work.FullName}");

var webDir = options.WebDir;
if (webDir is null)
{
    var root = CommandLine.RepositoryRoot(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Run from inside the repository (no ChildForum.sln above here), or pass --web-dir.");
    webDir = Path.Combine(work.FullName, "site");
    Console.WriteLine($"Publishing {root}/src/ChildForum.Web (Release) to {webDir} …");
    await SitePublish.PublishAsync(root, webDir, Path.Combine(work.FullName, "publish.log"), cancel.Token);
}
if (!File.Exists(Path.Combine(webDir, "ChildForum.Web.dll")))
{
    Console.Error.WriteLine($"No ChildForum.Web.dll in {webDir}.");
    return 2;
}

var loadBefore = LoadAverage.Read();
var idleSpan = TimeSpan.FromSeconds(5);
var idleStart = CpuSnapshot.Take();
await Task.Delay(idleSpan, cancel.Token);
var idle = CpuSnapshot.Between(idleStart, CpuSnapshot.Take(), sitePid: -1);
Console.WriteLine($"Load average before: {loadBefore}; machine {idle.MachinePercent:F0}% busy over {idleSpan.TotalSeconds:0} s ({idle.TopOthers})");

var rows = new List<Measurement>();
await using (var site = await SiteProcess.StartAsync(webDir, Path.Combine(work.FullName, "data"), Path.Combine(work.FullName, "site.log"), cancel.Token))
{
    Console.WriteLine($"Site: pid {site.Pid}, {site.BaseUrl}");
    using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(site.BaseUrl) };
    var routes = await Routes.FindAsync(http, cancel.Token);
    string? cookie = null;
    if (!options.AnonymousOnly)
    {
        cookie = await CookieSignIn.SignInAsync(site.BaseUrl, options.User, options.Password, cancel.Token);
        await Probe.EnsureSignedInAsync(http, cookie, cancel.Token);
    }

    var runs = routes.Where(r => !options.SignedInOnly || r.Path == Routes.StaticFile).Select(r => (Route: r, Cookie: (string?)null))
        .Concat(cookie is null ? [] : routes.Where(r => r.Path != Routes.StaticFile).Select(r => (Route: r, Cookie: (string?)cookie)))
        .ToList();
    // Every row is checked and warmed before any is measured, so that the first rows do not pay for the site's
    // start (tiered JIT, caches filling) more than the last.
    var fromCache = new List<bool>();
    foreach (var (route, runCookie) in runs)
    {
        fromCache.Add(await Probe.AnswersAsync(http, route, runCookie, cancel.Token));
        if (options.Warmup > TimeSpan.Zero)
        {
            await Wrk.RunAsync(options.Threads, options.Connections, options.Warmup, runCookie, site.BaseUrl + route.Path, cancel.Token);
        }
    }
    foreach (var ((route, runCookie), cached) in runs.Zip(fromCache))
    {
        var url = site.BaseUrl + route.Path;
        var before = CpuSnapshot.Take();
        var wrk = await Wrk.RunAsync(options.Threads, options.Connections, options.Duration, runCookie, url, cancel.Token);
        var cpu = CpuSnapshot.Between(before, CpuSnapshot.Take(), site.Pid);
        var row = new Measurement(route, runCookie is not null, cached, wrk, cpu);
        rows.Add(row);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{route.Path} {(row.SignedIn ? "signed in" : "anonymous")}{(route.IsPage && !row.SignedIn ? cached ? " (cached)" : " (not cached)" : "")}: {wrk.RequestsPerSecond:N0} requests/s, p50 {wrk.P50Ms:F1} ms, p99 {wrk.P99Ms:F1} ms, not 2xx/3xx {wrk.Non2xx3xx}, socket errors {wrk.SocketErrors}; CPU site {cpu.SitePercent:F0}%, wrk {cpu.WrkPercent:F0}%, others {cpu.OthersPercent:F0}% ({cpu.TopOthers})"));
    }
}

var command = "dotnet run -c Release --project tests/ChildForum.Pages.Benchmarks" + (args.Length == 0 ? "" : " -- " + string.Join(' ', args));
var context = new RunContext(started, machine, loadBefore, LoadAverage.Read(), (idleSpan.TotalSeconds, idle), command,
    Wrk.CommandLine(options.Threads, options.Connections, options.Duration, withCookie: false, "URL") + " (signed in: with -H \"Cookie: …\")");
var markdown = Report.Markdown(rows, options, context);
await MarkdownOutput.WriteAsync(markdown, options.MarkdownPath);
var failed = rows.Any(r => r.Wrk.Non2xx3xx > 0 || r.Wrk.SocketErrors > 0);
if (failed)
{
    Console.WriteLine($"Some answers were errors; logs kept in {work.FullName}.");
}
else
{
    work.Delete(recursive: true);
}
return failed ? 1 : 0;
