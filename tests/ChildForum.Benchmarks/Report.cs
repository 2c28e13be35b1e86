using System.Globalization;
using System.Text;

namespace ChildForum.Benchmarks;

public static class Report
{
    public const double RatioTarget = 0.70;
    public const double P99TargetMs = 250;
    public const double MemoryTargetMb = 400;
    public const int TargetClients = 1000;

    public static string Line(CaseResult r) => string.Create(CultureInfo.InvariantCulture, 
        $"{r.DeliveriesPerSecond:F0} deliveries/s, p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms, max {r.MaxMs:F0} ms, ack p50/p99 {r.AckP50Ms:F1}/{r.AckP99Ms:F1} ms, " +
        $"sent {r.Sent} acked {r.Acked} failed {r.SendFailures} skipped {r.Skipped}, received {r.Received}/{r.Expected}, " +
        $"server RSS ready {r.ServerReadyRssMb:F0} MB, connected {r.ServerConnectedRssMb:F0} MB, joined {r.ServerJoinedRssMb:F0} MB, end {r.ServerRssMb:F0} MB, peak {r.ServerPeakRssMb:F0} MB, threads {r.ServerPeakThreads}, server CPU {r.ServerCpuPercent:F0}% (window {r.ServerWindowCpuPercent:F0}%, {WindowCpuMsPerMessage(r):F1} ms a message), driver CPU {r.DriverCpuPercent:F0}%, other processes' CPU {r.OtherCpuPercent:F0}%, " +
        $"connect {r.ConnectTime.TotalSeconds:F1} s, join {r.JoinTime.TotalSeconds:F1} s, disconnected {r.Disconnected}") +
        string.Concat(r.Errors.Select(e => $"{Environment.NewLine}    {e.Value} × {e.Key}"));

    /// <summary>The server's CPU in the window divided by the messages offered in it.</summary>
    private static double WindowCpuMsPerMessage(CaseResult r) =>
        r.Settings.Rate <= 0 ? 0 : 10 * r.ServerWindowCpuPercent / r.Settings.Rate;

    public static string Markdown(IReadOnlyList<CaseResult> results, Options options, string machine, string commandLine, IReadOnlyList<string> notes)
    {
        var md = new StringBuilder();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}."));
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Settings: {options.Senders} senders among the N connections, warm-up {options.Warmup.TotalSeconds:F0} s, window {options.Duration.TotalSeconds:F0} s, at most {options.MaxOutstanding} unanswered sends per sender."));
        if (options.Servers.Any(s => s != "bare"))
        {
            md.AppendLine();
            md.AppendLine(options.FirstStart
                ? "The site was measured on its first start: its new data folder (or database) migrated, the demo recipe applied and the first index built in the process measured."
                : "The site was measured as one in service: a first start migrated its new data folder (or database), applied the demo recipe, built the first index and was stopped; the process measured started again on that data.");
        }
        foreach (var note in notes)
        {
            md.AppendLine();
            md.AppendLine(note);
        }
        if (options.Threads > 1)
        {
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Site-wide: the N clients in {options.Threads} threads (N/{options.Threads} each), the rate spread evenly over the threads, {results.FirstOrDefault()?.Settings.SenderConnections ?? options.Threads} sending connections; \"delivered\" counts each message's deliveries to the clients of its own thread."));
        }
        md.AppendLine();
        if (options.Ramp)
        {
            RampSummary(md, results, options);
        }
        md.AppendLine("| server | N | offered msg/s | sent in window | deliveries/s | site ÷ bare | p50 ms | p99 ms | max ms | send ack p50 / p99 ms | delivered of window's messages | server RSS ready / connected / joined / end / peak MB | server threads | server CPU | server CPU in window, ms a message | driver CPU | other processes' CPU | connect / join s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var ratio = Ratio(results, r);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, 
                $"| {Display(r.Server)} | {r.Settings.Clients:N0} | {r.Settings.Rate:0.#} | {r.Sent:N0}{(r.SendFailures + r.Skipped > 0 ? $" ({r.SendFailures} failed, {r.Skipped} skipped)" : "")} | {r.DeliveriesPerSecond:N0} | " +
                $"{(ratio is { } x ? (100 * x).ToString("F0", CultureInfo.InvariantCulture) + "%" : "")} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.MaxMs:F0} | {r.AckP50Ms:F1} / {r.AckP99Ms:F1} | " +
                $"{(r.Expected == 0 ? "–" : (100.0 * r.Received / r.Expected).ToString("F1", CultureInfo.InvariantCulture) + "%")} | {r.ServerReadyRssMb:F0} / {r.ServerConnectedRssMb:F0} / {r.ServerJoinedRssMb:F0} / {r.ServerRssMb:F0} / {r.ServerPeakRssMb:F0} | {r.ServerPeakThreads} | {r.ServerCpuPercent:F0}% | {r.ServerWindowCpuPercent:F0}%, {WindowCpuMsPerMessage(r):F1} | {r.DriverCpuPercent:F0}% | {r.OtherCpuPercent:F0}% | {r.ConnectTime.TotalSeconds:F1} / {r.JoinTime.TotalSeconds:F1} |"));
        }
        md.AppendLine();
        md.AppendLine("CPU is a percentage of one core over warm-up and window (the machine has " + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + " cores, so 200% is all of it), " +
            "except \"server CPU in window\", which is the window alone, also divided by the messages offered in it; " +
            "\"other processes\" is the rest of the machine's busy time in that span: when it is high, the numbers of that row were disturbed.");
        foreach (var site in results.Where(r => !options.Ramp && r.Server != "bare" && r.Settings.Clients == TargetClients))
        {
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Targets at {TargetClients:N0} clients, {Display(site.Server)}, {site.Settings.Rate:0.#} msg/s:"));
            md.AppendLine();
            var ratio = Ratio(results, site);
            md.AppendLine(ratio is { } x
                ? string.Create(CultureInfo.InvariantCulture, $"- deliveries/s at least {100 * RatioTarget:F0}% of the bare hub's: {100 * x:F0}% — **{(x >= RatioTarget ? "met" : "missed")}**")
                : "- deliveries/s against the bare hub: not measured (no bare run)");
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- p99 under {P99TargetMs:F0} ms: {site.P99Ms:F1} ms — **{(site.P99Ms < P99TargetMs ? "met" : "missed")}**"));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- server memory under {MemoryTargetMb:F0} MB: peak RSS {site.ServerPeakRssMb:F0} MB — **{(site.ServerPeakRssMb < MemoryTargetMb ? "met" : "missed")}**"));
        }
        md.AppendLine();
        md.AppendLine("Command: `" + commandLine + "`");
        return md.ToString();
    }

    /// <summary>Why a step was not sustained (p99 at or over 250 ms, a message lost, refused or skipped, a connection
    /// dropped), or null when it was.</summary>
    public static string? Unsustained(CaseResult r)
    {
        var reasons = new List<string>();
        if (r.P99Ms >= P99TargetMs)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"p99 {r.P99Ms:F0} ms"));
        }
        if (r.Received < r.Expected || r.Expected == 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{r.Expected - r.Received:N0} of {r.Expected:N0} deliveries missing"));
        }
        if (r.SendFailures > 0 || r.Skipped > 0 || r.Acked < r.Sent)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{r.SendFailures} sends failed, {r.Skipped} skipped, {r.Sent - r.Acked} of the window's unanswered"));
        }
        if (r.Disconnected > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{r.Disconnected} connections dropped"));
        }
        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }

    /// <summary>Per server: the highest step sustained, site ÷ bare of those rates, the server's peak RSS, and the step that ended the ramp.</summary>
    private static void RampSummary(StringBuilder md, IReadOnlyList<CaseResult> results, Options options)
    {
        var highest = new Dictionary<string, double>();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Ramp: offered rates {string.Join(", ", options.RampRates)} msg/s, each step {options.StepWarmup.TotalSeconds:F0} s warm-up (the first {options.Warmup.TotalSeconds:F0} s) and a {options.Duration.TotalSeconds:F0} s window, until p99 reaches {P99TargetMs:F0} ms or anything is lost."));
        md.AppendLine();
        md.AppendLine("| server | N | highest sustained msg/s | site ÷ bare | server peak RSS MB | ended by |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var steps in results.GroupBy(r => r.Server))
        {
            var sustained = steps.Where(r => Unsustained(r) is null).Select(r => r.Settings.Rate).DefaultIfEmpty(0).Max();
            highest[steps.Key] = sustained;
            var last = steps.Last();
            var ended = Unsustained(last) is { } why ? string.Create(CultureInfo.InvariantCulture, $"{last.Settings.Rate:0.#} msg/s: {why}") : "the last step (sustained)";
            var ratio = steps.Key != "bare" && highest.GetValueOrDefault("bare") > 0 ? (100 * sustained / highest["bare"]).ToString("F0", CultureInfo.InvariantCulture) + "%" : "";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {Display(steps.Key)} | {last.Settings.Clients:N0} | {sustained:0.#} | {ratio} | {steps.Max(r => r.ServerPeakRssMb):F0} | {ended} |"));
        }
        md.AppendLine();
        md.AppendLine("Every step:");
        md.AppendLine();
    }

    public static string Display(string server) => server switch
    {
        "site" => "site (SQLite)",
        "site-pg" => "site (PostgreSQL)",
        _ => "bare hub",
    };

    private static double? Ratio(IReadOnlyList<CaseResult> results, CaseResult r)
    {
        if (r.Server == "bare")
        {
            return null;
        }
        var bare = results.FirstOrDefault(b => b.Server == "bare" && b.Settings.Clients == r.Settings.Clients && b.Settings.Rate == r.Settings.Rate);
        return bare is null || bare.DeliveriesPerSecond == 0 ? null : r.DeliveriesPerSecond / bare.DeliveriesPerSecond;
    }
}
