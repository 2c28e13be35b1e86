using ChildForum.Benchmarks.Support;

namespace ChildForum.Search.Benchmarks;

public sealed class Options
{
    public int Documents { get; private set; } = 100_000;
    public int BatchSize { get; private set; } = 2000;
    public int Rounds { get; private set; } = 20;
    /// <summary>Rounds of every query before the measured ones (Lucene). 20 rounds (480 searches) let the JIT finish compiling
    /// the hot code at its second tier; with 3 the p99 of a 100,000-document index was 20–42 ms instead of 12–13 ms
    /// (docs/benchmarks.md, issue 11's sixth sitting). Their times are printed apart.</summary>
    public int WarmupRounds { get; private set; } = 20;

    /// <summary>At most this many warm-up rounds for PostgreSQL: its caches are warm after one round, and at 1,000,000 documents
    /// one of its queries takes seconds.</summary>
    public const int PostgresWarmupRounds = 1;
    public int FreshnessSamples { get; private set; } = 20;
    public string? Postgres { get; private set; } = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
    public string? IndexPath { get; private set; }
    public string? Markdown { get; private set; }
    public bool ReuseIndex { get; private set; }
    public int RecallSample { get; private set; } = 2_000;

    /// <summary>Measured rounds for PostgreSQL (default <see cref="Rounds"/>): at 1,000,000 documents one of its queries
    /// takes seconds, and a few rounds give its p50.</summary>
    public int? PostgresRounds { get; private set; }

    public bool Help { get; private set; }

    public const string Usage = """
            Search benchmark: Lucene backend against PostgreSQL full-text search on the same corpus and queries.
              --documents N     corpus size (default 100000)
              --batch N         parents per ReplaceAsync / COPY transaction (default 2000, the indexer's BatchSize)
              --rounds N        measured rounds over the query set per backend (default 20)
              --warmup N        warm-up rounds, timed and printed apart (default 20; PostgreSQL at most 1)
              --freshness N     single-document freshness samples (default 20)
              --postgres CS     server connection string (default Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres);
                                a throwaway database is created and dropped
              --no-postgres     Lucene only
              --postgres-rounds N  measured rounds for PostgreSQL (default: --rounds); at 1,000,000
                                documents use 3: its queries take seconds each
              --index-path DIR  keep the Lucene index there (default: a temporary folder, deleted)
              --reuse-index     with --index-path: query the index already there instead of building it
                                (no indexing numbers; for measuring query-side changes)
              --markdown FILE   also write the result tables there
              --recall-sample N Chinese documents indexed in both scripts for the Traditional/Simplified
                                recall (default 2000, at most 5000; 0 skips it)
              -h, --help        this text
            """;

    /// <summary>The options, or an <see cref="ArgumentException"/> naming what is wrong (the caller prints it with the
    /// usage and ends with exit code 2).</summary>
    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--documents": options.Documents = CommandLine.Positive(Next()); break;
                case "--batch": options.BatchSize = CommandLine.Positive(Next()); break;
                case "--rounds": options.Rounds = CommandLine.Positive(Next()); break;
                case "--warmup": options.WarmupRounds = CommandLine.NotNegative(Next()); break;
                case "--freshness": options.FreshnessSamples = CommandLine.Positive(Next()); break;
                case "--postgres": options.Postgres = Next(); break;
                case "--no-postgres": options.Postgres = null; break;
                case "--index-path": options.IndexPath = Next(); break;
                case "--markdown": options.Markdown = Next(); break;
                case "--reuse-index": options.ReuseIndex = true; break;
                case "--postgres-rounds": options.PostgresRounds = CommandLine.Positive(Next()); break;
                case "--recall-sample": options.RecallSample = CommandLine.NotNegative(Next()); break;
                case "-h" or "--help": options.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (options.RecallSample > ChildForum.Search.Lucene.LuceneBackend.MaxWindow / 2)
        {
            throw new ArgumentException("--recall-sample must be between 0 and 5000 (both scripts' hits are read within the 10,000-hit window)");
        }
        if (options.ReuseIndex && options.IndexPath is null)
        {
            throw new ArgumentException("--reuse-index needs --index-path");
        }
        return options;
    }
}
