using System.Globalization;
using ChildForum.Benchmarks.Support;

namespace ChildForum.Pages.Benchmarks;

/// <summary>The command line. Defaults are the setting: 32 connections on 2 wrk threads.</summary>
public sealed class Options
{
    public const string Usage = """
        dotnet run -c Release --project tests/ChildForum.Pages.Benchmarks -- [options]

          --duration SECONDS     measured wrk run per route and visitor (default 15)
          --warmup SECONDS       unmeasured wrk run per row, all of them before the first measured one (default 5)
          --connections N        wrk connections (default 32)
          --threads N            wrk threads (default 2)
          --user EMAIL           demo account for the signed-in runs (default cso@demo.childforum.org)
          --password PASSWORD    its password (default the demo password, ChildForum-demo-2026)
          --web-dir PATH         a published site to start instead of publishing one (a folder with ChildForum.Web.dll)
          --anonymous-only       skip the signed-in runs
          --signed-in-only       skip the anonymous runs of pages and the API (the static file is still measured)
          --markdown PATH        also write the results (Markdown) to PATH
        """;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(5);
    public int Connections { get; private set; } = 32;
    public int Threads { get; private set; } = 2;
    public string User { get; private set; } = "cso@demo.childforum.org";
    public string Password { get; private set; } = "ChildForum-demo-2026";
    public string? WebDir { get; private set; }
    public bool AnonymousOnly { get; private set; }
    public bool SignedInOnly { get; private set; }
    public string? MarkdownPath { get; private set; }
    public bool Help { get; private set; }

    public static Options Parse(string[] args)
    {
        var options = new Options();
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            switch (reader.Current)
            {
                case "--duration":
                    options.Duration = TimeSpan.FromSeconds(CommandLine.Positive(reader.Value()));
                    break;
                case "--warmup":
                    options.Warmup = TimeSpan.FromSeconds(CommandLine.NotNegative(reader.Value()));
                    break;
                case "--connections":
                    options.Connections = CommandLine.Positive(reader.Value());
                    break;
                case "--threads":
                    options.Threads = CommandLine.Positive(reader.Value());
                    break;
                case "--user":
                    options.User = reader.Value();
                    break;
                case "--password":
                    options.Password = reader.Value();
                    break;
                case "--web-dir":
                    options.WebDir = Path.GetFullPath(reader.Value());
                    break;
                case "--anonymous-only":
                    options.AnonymousOnly = true;
                    break;
                case "--signed-in-only":
                    options.SignedInOnly = true;
                    break;
                case "--markdown":
                    options.MarkdownPath = Path.GetFullPath(reader.Value());
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw reader.Unknown();
            }
        }
        if (options.AnonymousOnly && options.SignedInOnly)
        {
            throw new ArgumentException("--anonymous-only and --signed-in-only leave nothing to measure but the static file.");
        }
        if (options.Threads > options.Connections)
        {
            throw new ArgumentException("wrk needs at least as many connections as threads.");
        }
        return options;
    }
}
