using System.Globalization;

namespace ChildForum.Search.Benchmarks;

public sealed class Options
{
    public int Documents { get; private set; } = 100_000;
    public int BatchSize { get; private set; } = 500;
    public int Rounds { get; private set; } = 20;
    public int WarmupRounds { get; private set; } = 3;
    public int FreshnessSamples { get; private set; } = 20;
    public string? Postgres { get; private set; } = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
    public string? IndexPath { get; private set; }
    public string? Markdown { get; private set; }
    public bool ReuseIndex { get; private set; }

    public static Options? Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--documents": options.Documents = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch": options.BatchSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": options.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": options.WarmupRounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--freshness": options.FreshnessSamples = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--postgres": options.Postgres = Next(); break;
                case "--no-postgres": options.Postgres = null; break;
                case "--index-path": options.IndexPath = Next(); break;
                case "--markdown": options.Markdown = Next(); break;
                case "--reuse-index": options.ReuseIndex = true; break;
                default:
                    Console.WriteLine("""
                        Search benchmark: Lucene backend against PostgreSQL full-text search on the same corpus and queries.
                          --documents N     corpus size (default 100000)
                          --batch N         parents per ReplaceAsync / COPY transaction (default 500, the indexer's BatchSize)
                          --rounds N        measured rounds over the query set per backend (default 20)
                          --warmup N        warm-up rounds (default 3)
                          --freshness N     single-document freshness samples (default 20)
                          --postgres CS     server connection string (default Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres);
                                            a throwaway database is created and dropped
                          --no-postgres     Lucene only
                          --index-path DIR  keep the Lucene index there (default: a temporary folder, deleted)
                          --reuse-index     with --index-path: query the index already there instead of building it
                                            (no indexing numbers; for measuring query-side changes)
                          --markdown FILE   also write the result tables there
                        """);
                    return null;
            }
        }
        if (options.ReuseIndex && options.IndexPath is null)
        {
            throw new ArgumentException("--reuse-index needs --index-path");
        }
        return options;
    }
}
