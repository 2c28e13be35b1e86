using System.Globalization;
using System.Text;
using ChildForum.Benchmarks.Support;

namespace ChildForum.Pages.Benchmarks;

/// <summary>One wrk run: a route, who asked, whether the answer came from the page cache, and the numbers.</summary>
public sealed record Measurement(Route Route, bool SignedIn, bool FromCache, WrkResult Wrk, CpuShare Cpu);

/// <summary>The run as a Markdown section for docs/benchmarks.md, with the issue's targets.</summary>
public static class Report
{
    public const double PageRateTarget = 1000;
    public const double PageP99TargetMs = 100;
    public const double CachedShareOfStaticTarget = 0.5;

    public static string Markdown(IReadOnlyList<Measurement> rows, Options options, RunContext run)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"Run {run.Started:yyyy-MM-dd HH:mm} UTC on {run.Machine}; wrk {options.Threads} threads, {options.Connections} connections, {options.Warmup.TotalSeconds:0} s warm-up of every row before any is measured, then {options.Duration.TotalSeconds:0} s measured per row, on the same machine as the site.");
        md.AppendLine();
        md.AppendLine(c, $"Load average (1 / 5 / 15 min) before: {run.LoadBefore}; after: {run.LoadAfter}. Before the site started, over {run.IdleShare.Seconds:0} s, the machine was {run.IdleShare.Cpu.MachinePercent:F0}% busy (of {Environment.ProcessorCount * 100}%){(run.IdleShare.Cpu.TopOthers.Length > 0 ? $"; busiest: {run.IdleShare.Cpu.TopOthers}" : "")}.");
        md.AppendLine();
        md.AppendLine("| route | visitor | requests/s | p50 ms | p75 ms | p90 ms | p99 ms | ÷ static file | not 2xx/3xx, socket errors | site CPU | wrk CPU | other processes' CPU (busiest) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var baseline = rows.FirstOrDefault(r => !r.SignedIn && r.Route.Path == Routes.StaticFile);
        foreach (var r in rows)
        {
            var ratio = baseline is null || baseline.Wrk.RequestsPerSecond == 0 ? "" : (r.Wrk.RequestsPerSecond / baseline.Wrk.RequestsPerSecond * 100).ToString("F0", c) + "%";
            var visitor = r.SignedIn ? "signed in (rendered)" : r.Route.IsPage ? (r.FromCache ? "anonymous (page cache)" : "anonymous (**not cached**)") : "anonymous";
            md.AppendLine(c, $"| {r.Route.Name} | {visitor} | {r.Wrk.RequestsPerSecond:N0} | {r.Wrk.P50Ms:F1} | {r.Wrk.P75Ms:F1} | {r.Wrk.P90Ms:F1} | {r.Wrk.P99Ms:F1} | {ratio} | {r.Wrk.Non2xx3xx:N0}, {r.Wrk.SocketErrors:N0} | {r.Cpu.SitePercent:F0}% | {r.Cpu.WrkPercent:F0}% | {r.Cpu.OthersPercent:F0}%{(r.Cpu.TopOthers.Length > 0 ? $" ({r.Cpu.TopOthers})" : "")} |");
        }
        md.AppendLine();
        md.AppendLine("CPU is in percent of one core over the measured run (200% is all of this machine), from /proc: the site's process; \"wrk\" is the machine's busy time that no process alive before and after the run accounts for (wrk, and any other short-lived process); \"other processes\" is everything else but this driver. When that is high, the row was measured on a busy machine. wrk sends no `Accept-Encoding` and no `Accept-Language`, so answers are uncompressed and in the default language.");
        md.AppendLine();
        md.AppendLine("Targets (issue 14):");
        md.AppendLine();
        foreach (var r in rows.Where(r => r.Route.Path != Routes.StaticFile))
        {
            var met = r.Wrk.RequestsPerSecond >= PageRateTarget && r.Wrk.P99Ms < PageP99TargetMs;
            md.AppendLine(c, $"- {r.Route.Name}, {(r.SignedIn ? "signed in" : "anonymous")}: ≥ {PageRateTarget:N0} requests/s with p99 < {PageP99TargetMs:0} ms — {r.Wrk.RequestsPerSecond:N0}/s, {r.Wrk.P99Ms:F1} ms — **{(met ? "met" : "missed")}**");
        }
        if (baseline is not null)
        {
            foreach (var r in rows.Where(r => !r.SignedIn && r.Route.IsPage))
            {
                var share = r.Wrk.RequestsPerSecond / baseline.Wrk.RequestsPerSecond;
                md.AppendLine(c, $"- {r.Route.Name}, anonymous, at ≥ {CachedShareOfStaticTarget * 100:0}% of the static file's rate: {share * 100:F0}% — **{(share >= CachedShareOfStaticTarget ? "met" : "missed")}**");
            }
        }
        md.AppendLine();
        md.AppendLine("Command: `" + run.Command + "`; each row: `" + run.WrkCommand + "`.");
        return md.ToString();
    }
}

/// <summary>What the report says about the run as a whole.</summary>
public sealed record RunContext(DateTime Started, string Machine, string LoadBefore, string LoadAfter, (double Seconds, CpuShare Cpu) IdleShare, string Command, string WrkCommand);
