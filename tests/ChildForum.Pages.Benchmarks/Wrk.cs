using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ChildForum.Pages.Benchmarks;

/// <summary>What wrk printed for one run, read from its text output (wrk 4.1 has no machine-readable output without a
/// Lua script).</summary>
public sealed record WrkResult(double RequestsPerSecond, long Requests, double P50Ms, double P75Ms, double P90Ms, double P99Ms,
    long Non2xx3xx, long SocketErrors, string Output);

/// <summary>Runs the load generator (Debian package <c>wrk</c>) at a fixed number of connections, closed-loop: each
/// connection sends its next request when the answer to the last has arrived.</summary>
public static partial class Wrk
{
    /// <summary>wrk's own default (2 s) drops slower answers from the latency figures and counts them as socket errors;
    /// on a busy machine a rendered page can take longer, and its latency should show rather than vanish.</summary>
    public const string Timeout = "10s";

    public static bool IsInstalled() =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(dir => File.Exists(Path.Combine(dir, "wrk"))) == true;

    public static string CommandLine(int threads, int connections, TimeSpan duration, bool withCookie, string url) =>
        $"wrk -t{threads} -c{connections} -d{duration.TotalSeconds:0}s --latency --timeout {Timeout}{(withCookie ? " -H \"Cookie: …\"" : "")} {url}";

    public static async Task<WrkResult> RunAsync(int threads, int connections, TimeSpan duration, string? cookie, string url, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"-t{threads.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add($"-c{connections.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add($"-d{duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s");
        start.ArgumentList.Add("--latency");
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(Timeout);
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookie);
        }
        start.ArgumentList.Add(url);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {text}");
        }
        return Parse(text);
    }

    public static WrkResult Parse(string output)
    {
        var rate = RequestsPerSecond().Match(output);
        var total = RequestCount().Match(output);
        if (!rate.Success || !total.Success)
        {
            throw new InvalidOperationException($"Could not read wrk's output:{Environment.NewLine}{output}");
        }
        var percentiles = Percentile().Matches(output).ToDictionary(m => m.Groups["p"].Value, m => Milliseconds(m.Groups["value"].Value, m.Groups["unit"].Value));
        double At(string p) => percentiles.TryGetValue(p, out var ms) ? ms : throw new InvalidOperationException($"wrk printed no {p}% latency (was --latency passed?).");
        var errors = SocketErrorLine().Match(output);
        var socketErrors = errors.Success ? errors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        var non2xx = Non2xx().Match(output);
        return new WrkResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            At("50"), At("75"), At("90"), At("99"),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors,
            output);
    }

    private static double Milliseconds(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => throw new InvalidOperationException($"Unknown wrk time unit '{unit}'."),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"^\s+(?<p>50|75|90|99)%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
}
