using System.Globalization;
using ChildForum.Benchmarks.Support;

namespace ChildForum.Benchmarks;

public sealed class Options
{
    public const string Usage = """
        dotnet run -c Release --project tests/ChildForum.Benchmarks -- [options]

          --cases N:RATE[,N:RATE...]   clients and messages per second, all senders together (default 100:50,1000:20)
          --servers bare,site[,site-pg] which servers, in this order, for each case (default bare,site): the bare hub,
                                       the site on SQLite, the site on PostgreSQL (needs --postgres)
          --senders S                  how many of the N connections also send (default 10)
          --warmup SECONDS             sending before the window opens (default 15; the site is still compiling its hot paths for about 20 s after it starts)
          --duration SECONDS           the measured window (default 20)
          --drain SECONDS              longest wait for late deliveries after the window (default 15)
          --connect-parallelism P      connections opened at once (default 50)
          --max-outstanding M          unanswered sends per sender before it skips its turn (default 200)
          --web-dll PATH               a site published before, to start instead of publishing one (by default the program
                                       publishes src/ChildForum.Web in Release with ReadyToRun, as the Dockerfile does)
          --postgres CONNECTION        PostgreSQL server for site-pg, without a database, e.g.
                                       "Host=127.0.0.1;Username=postgres;Password=postgres"; each case creates
                                       childforum_bench_<guid> and drops it afterwards
          --first-start                measure the site's first start on its new data (migrations, the demo recipe and the
                                       first index build in the measured process); by default a first start prepares the
                                       data and is stopped, and the site measured starts again on it, as one in service does
          --site-env KEY=VALUE         extra environment for the site process (repeatable), e.g. DOTNET_gcServer=0
          --markdown PATH              also write the results table (Markdown) to PATH
          --threads T                  spread the N clients over T threads (N/T each, connection i in thread i mod T) and
                                       the rate over the threads, at least one sender per thread (default 1); e.g. the
                                       site-wide case --cases 1000:200 --threads 100
          --ramp                       instead of the cases: for each server, N clients connect once and the offered rate
                                       rises through --rates until p99 passes 250 ms or a message is lost, refused or
                                       skipped; reports the highest sustainable rate per server and site ÷ bare of those
          --clients N                  clients of the ramp (default 1000)
          --rates R1,R2,...            the ramp's steps in msg/s, rising (default 25,50,75,100,125,150,200,250,300,400)
          --step-warmup SECONDS        warm-up of every ramp step after the first, which has --warmup (default 5)
        """;

    public List<(int Clients, double Rate)> Cases { get; private set; } = [(100, 50), (1000, 20)];
    public List<string> Servers { get; private set; } = ["bare", "site"];
    public int Senders { get; private set; } = 10;
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);
    public TimeSpan Drain { get; private set; } = TimeSpan.FromSeconds(15);
    public int ConnectParallelism { get; private set; } = 50;
    public int MaxOutstanding { get; private set; } = 200;
    public string? WebDll { get; private set; }
    public string? MarkdownPath { get; private set; }
    public string? Postgres { get; private set; }
    public Dictionary<string, string> SiteEnvironment { get; } = [];
    public bool FirstStart { get; private set; }
    public bool Help { get; private set; }
    public int Threads { get; private set; } = 1;
    public bool Ramp { get; private set; }
    public int RampClients { get; private set; } = 1000;
    public List<double> RampRates { get; private set; } = [25, 50, 75, 100, 125, 150, 200, 250, 300, 400];
    public TimeSpan StepWarmup { get; private set; } = TimeSpan.FromSeconds(5);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            switch (reader.Current)
            {
                case "--cases":
                    options.Cases = [.. reader.Value().Split(',').Select(ParseCase)];
                    break;
                case "--servers":
                    options.Servers = [.. reader.Value().Split(',')];
                    if (options.Servers.Any(s => s is not ("bare" or "site" or "site-pg")))
                    {
                        throw new ArgumentException("--servers takes bare, site and site-pg.");
                    }
                    break;
                case "--senders":
                    options.Senders = CommandLine.Positive(reader.Value());
                    break;
                case "--warmup":
                    options.Warmup = TimeSpan.FromSeconds(double.Parse(reader.Value(), CultureInfo.InvariantCulture));
                    break;
                case "--duration":
                    options.Duration = TimeSpan.FromSeconds(double.Parse(reader.Value(), CultureInfo.InvariantCulture));
                    break;
                case "--drain":
                    options.Drain = TimeSpan.FromSeconds(double.Parse(reader.Value(), CultureInfo.InvariantCulture));
                    break;
                case "--connect-parallelism":
                    options.ConnectParallelism = CommandLine.Positive(reader.Value());
                    break;
                case "--max-outstanding":
                    options.MaxOutstanding = CommandLine.Positive(reader.Value());
                    break;
                case "--web-dll":
                    options.WebDll = Path.GetFullPath(reader.Value());
                    break;
                case "--postgres":
                    options.Postgres = reader.Value();
                    break;
                case "--site-env":
                    var pair = reader.Value().Split('=', 2);
                    if (pair.Length != 2 || pair[0].Length == 0)
                    {
                        throw new ArgumentException("--site-env takes KEY=VALUE.");
                    }
                    options.SiteEnvironment[pair[0]] = pair[1];
                    break;
                case "--markdown":
                    options.MarkdownPath = Path.GetFullPath(reader.Value());
                    break;
                case "--threads":
                    options.Threads = CommandLine.Positive(reader.Value());
                    break;
                case "--first-start":
                    options.FirstStart = true;
                    break;
                case "--ramp":
                    options.Ramp = true;
                    break;
                case "--clients":
                    options.RampClients = CommandLine.Positive(reader.Value());
                    break;
                case "--rates":
                    options.RampRates = [.. reader.Value().Split(',').Select(PositiveRate)];
                    if (options.RampRates.Zip(options.RampRates.Skip(1)).Any(p => p.Second <= p.First))
                    {
                        throw new ArgumentException("--rates must rise.");
                    }
                    break;
                case "--step-warmup":
                    options.StepWarmup = TimeSpan.FromSeconds(double.Parse(reader.Value(), CultureInfo.InvariantCulture));
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw reader.Unknown();
            }
        }
        if (options.Servers.Contains("site-pg") && options.Postgres is null)
        {
            throw new ArgumentException("site-pg needs --postgres.");
        }
        var smallest = options.Ramp ? options.RampClients : options.Cases.Min(c => c.Clients);
        if (options.Threads > smallest)
        {
            throw new ArgumentException($"--threads {options.Threads} is more than the {smallest} clients of a case: every thread needs a client.");
        }
        return options;
    }

    private static (int, double) ParseCase(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var n) || n < 1 ||
            !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            throw new ArgumentException($"A case is CLIENTS:MESSAGES_PER_SECOND, e.g. 1000:20; not '{text}'.");
        }
        return (n, rate);
    }

    private static double PositiveRate(string text) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : throw new ArgumentException($"A rate is a positive number of messages a second, not '{text}'.");
}
