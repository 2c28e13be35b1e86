using System.Globalization;
using System.Runtime.InteropServices;

namespace ChildForum.Benchmarks.Support;

/// <summary>The machine a report was measured on, in one line: cores and CPU, memory, system and runtime.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = Read("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = Read("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var mem = memKb is null ? "?" : (long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
        var os = Read("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription;
        var kernel = Read("/proc/sys/kernel/osrelease").FirstOrDefault() ?? "";
        return $"{Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores ({cpu}), {mem} GiB RAM, {os} (Linux {kernel}), {RuntimeInformation.FrameworkDescription}";
    }

    private static IEnumerable<string> Read(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
