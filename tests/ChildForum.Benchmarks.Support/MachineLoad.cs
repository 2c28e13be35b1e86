using System.Globalization;

namespace ChildForum.Benchmarks.Support;

/// <summary>CPU time of the whole machine and of every process at one moment, from /proc. Two of them bracket a wrk
/// run: the difference says how busy the site, wrk and everything else were while it ran, so that a row measured on a
/// busy machine can be told from one measured on a quiet one.</summary>
public sealed class CpuSnapshot
{
    private CpuSnapshot(DateTime at, long machineBusyTicks, Dictionary<int, (string Name, long Ticks)> processes)
    {
        At = at;
        MachineBusyTicks = machineBusyTicks;
        Processes = processes;
    }

    public DateTime At { get; }
    public long MachineBusyTicks { get; }
    public IReadOnlyDictionary<int, (string Name, long Ticks)> Processes { get; }

    public static CpuSnapshot Take()
    {
        var processes = new Dictionary<int, (string, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                processes[pid] = ProcStat.Process(pid);
            }
            catch (IOException)
            {
                // The process ended while the folder was read.
            }
        }
        return new CpuSnapshot(DateTime.UtcNow, ProcStat.MachineBusyTicks(), processes);
    }

    /// <summary>Where the CPU went between <paramref name="before"/> and <paramref name="after"/>, in percent of one core
    /// (200% is all of a 2-core machine). wrk starts and ends inside the span, so it is what the machine used beyond the
    /// processes seen in both snapshots.</summary>
    public static CpuShare Between(CpuSnapshot before, CpuSnapshot after, int sitePid)
    {
        var seconds = (after.At - before.At).TotalSeconds;
        double Percent(long ticks) => 100 * ticks / ProcStat.TicksPerSecond / seconds;
        var self = Environment.ProcessId;
        var deltas = after.Processes
            .Where(p => before.Processes.ContainsKey(p.Key))
            .Select(p => (Pid: p.Key, p.Value.Name, Ticks: p.Value.Ticks - before.Processes[p.Key].Ticks))
            .ToList();
        var site = deltas.Where(d => d.Pid == sitePid).Sum(d => d.Ticks);
        var driver = deltas.Where(d => d.Pid == self).Sum(d => d.Ticks);
        var others = deltas.Where(d => d.Pid != sitePid && d.Pid != self).ToList();
        var machine = after.MachineBusyTicks - before.MachineBusyTicks;
        var othersTicks = others.Sum(d => d.Ticks);
        var top = others.Where(d => d.Ticks > 0).OrderByDescending(d => d.Ticks).Take(3)
            .Select(d => $"{d.Name} {Percent(d.Ticks).ToString("F0", CultureInfo.InvariantCulture)}%");
        return new CpuShare(Percent(machine), Percent(site), Percent(Math.Max(0, machine - site - driver - othersTicks)), Percent(othersTicks), string.Join(", ", top));
    }
}

/// <summary>CPU in percent of one core over one run: all of it, the site's, wrk's (what no long-lived process accounts
/// for), every other process's and the three busiest of those.</summary>
public sealed record CpuShare(double MachinePercent, double SitePercent, double WrkPercent, double OthersPercent, string TopOthers);

/// <summary>The load average line and the busiest processes of the machine, for the report's "before" and "after".</summary>
public static class LoadAverage
{
    public static string Read()
    {
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{fields[0]} / {fields[1]} / {fields[2]}";
    }
}

/// <summary>CPU time from /proc, in clock ticks: a process's (user + system) and the machine's busy time.</summary>
public static class ProcStat
{
    /// <summary>USER_HZ, the unit of /proc's CPU times; 100 on every Linux this runs on.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>A process's command name and the CPU time it has used so far; an <see cref="IOException"/> once it is gone.</summary>
    public static (string Name, long Ticks) Process(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of stat: index 11 and 12 after the command name.
        return (stat[(open + 1)..close], long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    /// <summary>Busy time of all cores so far: every column of the "cpu" line of /proc/stat but idle and iowait.</summary>
    public static long MachineBusyTicks()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        for (var i = 1; i < Math.Min(cpu.Length, 9); i++)
        {
            if (i is not (4 or 5))
            {
                busy += long.Parse(cpu[i], CultureInfo.InvariantCulture);
            }
        }
        return busy;
    }
}
