using System.Globalization;
using System.Text;

namespace ChildForum.Mail.Benchmarks;

public sealed record DigestResult(string Provider, int People, int Queued, int Composed, double ScheduleSeconds, double ComposeSeconds, double WallSeconds, double MsPerDigest, double QueriesPerDigest, double[] Sizes, double PeakRssMb);

/// <param name="Senders">0 for the yardstick: the same mails sent by MailKit alone.</param>
public sealed record SendingResult(string Provider, int Senders, int Handled, int Sent, double Seconds);

/// <summary>The results as Markdown tables (printed, and written to <c>--markdown</c>).</summary>
public sealed class Report
{
    public List<DigestResult> Digest { get; } = [];
    public List<SendingResult> Sending { get; } = [];

    public void Print(string? file)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| database | people | digests queued | composed | scheduler s | composing s | wall s (target < 60) | ms per digest | queries per digest | median digest size (chars, text + HTML parts) | peak RSS MB |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var d in Digest)
        {
            var median = d.Sizes.Length == 0 ? 0 : d.Sizes.Order().ElementAt(d.Sizes.Length / 2);
            text.AppendLine(c, $"| {d.Provider} | {d.People:N0} | {d.Queued:N0} | {d.Composed:N0} | {d.ScheduleSeconds:N1} | {d.ComposeSeconds:N1} | {d.WallSeconds:N1} | {d.MsPerDigest:N2} | {d.QueriesPerDigest:N1} | {median:N0} | {d.PeakRssMb:N0} |");
        }
        if (Sending.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| database | senders | mails handled | sent | seconds | mails/s |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (var s in Sending)
            {
                var who = s.Senders == 0 ? "MailKit alone (yardstick)" : s.Senders.ToString(c);
                text.AppendLine(c, $"| {s.Provider} | {who} | {s.Handled:N0} | {s.Sent:N0} | {s.Seconds:N1} | {s.Handled / s.Seconds:N1} |");
            }
        }
        Console.WriteLine();
        Console.Write(text);
        if (file is not null)
        {
            File.WriteAllText(file, text.ToString());
        }
    }

    /// <summary>The process's peak resident set (VmHWM), in MB; 0 where /proc is not there.</summary>
    public static double PeakRssMb()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return 0;
        }
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
