using System.Globalization;
using System.Text;
using ChildForum.Search.Lucene;

namespace ChildForum.Search.Benchmarks;

public sealed class BackendResult
{
    public double IndexSeconds { get; set; }
    public double IndexWallSeconds { get; set; }
    public long Count { get; set; }
    public long SizeBytes { get; set; }
    public long GinBytes { get; set; }
    public double AnalyzeSeconds { get; set; }
    public List<double> Latencies { get; set; } = [];
    public List<double> Freshness { get; set; } = [];
    public List<double>[] PerQuery { get; set; } = [];
    public double CpuMsPerQuery { get; set; }
}

public sealed class Report(Options options)
{
    public BackendResult Lucene { get; } = new();
    public BackendResult Postgres { get; } = new();
    public List<(string Query, string TsQuery, long Lucene, long Postgres)> Queries { get; set; } = [];
    public string LoadAverageEnd { get; set; } = "";
    public string LoadAverageStart { get; set; } = "";
    public Dictionary<string, List<double>> Breakdown { get; set; } = [];
    public double PeakRssAfterLucene { get; set; }
    public double PeakRssMb { get; set; }
    public List<double> ManySearch { get; set; } = [];
    public List<double> SingleSearch { get; set; } = [];
    public List<(string Case, double BuilderP50, double BuilderP99, long Steps, double HighlighterP50, double HighlighterP99)> Snippets { get; set; } = [];
    public List<ScriptRecall.Row> ScriptRecall { get; set; } = [];

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public string Markdown()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        var pg = options.Postgres is not null;
        s.AppendLine(c, $"| backend | documents | indexing documents/s (backend calls) | wall s | on disk MB | queries | p50 ms | p95 ms | p99 ms | max ms | CPU ms per query |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("Lucene", Lucene);
        if (pg)
        {
            Row("PostgreSQL", Postgres);
        }
        s.AppendLine();
        if (Lucene.Freshness.Count > 0)
        {
            s.AppendLine(c, $"Lucene freshness (single-document ReplaceAsync until a search finds it, {Lucene.Freshness.Count} samples): p50 {Percentile(Lucene.Freshness, 50):N1} ms, max {Lucene.Freshness.Max():N1} ms.");
        }
        if (pg)
        {
            s.AppendLine(c, $"PostgreSQL: GIN index {Postgres.GinBytes / 1048576.0:N0} MB of the {Postgres.SizeBytes / 1048576.0:N0} MB; VACUUM ANALYZE after the load {Postgres.AnalyzeSeconds:N1} s (not counted in documents/s).");
        }
        s.AppendLine(c, $"Peak RSS of the benchmark process: {PeakRssAfterLucene:N0} MB after the Lucene part, {PeakRssMb:N0} MB at the end. Load average (1, 5, 15 min) at the start: {LoadAverageStart}; at the end: {LoadAverageEnd}.");
        if (Breakdown.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("Lucene, where the time goes (the backend's steps repeated on a reader of the same index, p50 / p99 ms over all queries): " +
                string.Join("; ", Breakdown.Select(b => $"{b.Key} {Percentile(b.Value, 50):N2} / {Percentile(b.Value, 99):N2}")) + ".");
        }
        if (ManySearch.Count > 0)
        {
            s.AppendLine();
            s.AppendLine(c, $"Lucene, a document matching {ManyMatches.Many(ManyMatches.ManyWord).Length / (ManyMatches.ManyWord.Length + 1):N0} times beside one matching once (both {SnippetBuilder.AnalyzedLength:N0} characters, whole search with facets and snippet, {ManySearch.Count} searches each): p50 / p99 {Percentile(ManySearch, 50):N2} / {Percentile(ManySearch, 99):N2} ms against {Percentile(SingleSearch, 50):N2} / {Percentile(SingleSearch, 99):N2} ms.");
        }
        if (Snippets.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("| snippet of one document | SnippetBuilder p50 / p99 ms | its steps over the marks | Lucene.Net.Highlighter p50 / p99 ms |");
            s.AppendLine("|---|---:|---:|---:|");
            foreach (var row in Snippets)
            {
                s.AppendLine(c, $"| {row.Case} | {row.BuilderP50:N3} / {row.BuilderP99:N3} | {row.Steps:N0} | {row.HighlighterP50:N3} / {row.HighlighterP99:N3} |");
            }
        }
        if (ScriptRecall.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("| word (Simplified) | Traditional | documents holding it (each in both scripts) | Simplified query finds the Traditional ones | Traditional query finds the Simplified ones | precision (both queries) |");
            s.AppendLine("|---|---|---:|---:|---:|---:|");
            foreach (var row in ScriptRecall)
            {
                s.AppendLine(c, $"| {row.Simplified} | {row.Traditional} | {row.Expected:N0} | {row.SimplifiedFindsTraditional:P1} | {row.TraditionalFindsSimplified:P1} | {row.Precision:P1} |");
            }
        }
        s.AppendLine();
        s.AppendLine("| query | tsquery | Lucene matches | PostgreSQL matches | Lucene p50 / max ms | PostgreSQL p50 / max ms |");
        s.AppendLine("|---|---|---:|---:|---:|---:|");
        for (var i = 0; i < Queries.Count; i++)
        {
            var q = Queries[i];
            s.AppendLine(c, $"| `{q.Query}` | `{q.TsQuery.Replace("|", "\\|", StringComparison.Ordinal)}` | {q.Lucene:N0} | {(pg ? q.Postgres.ToString("N0", c) : "")} | {PerQuery(Lucene, i)} | {(pg ? PerQuery(Postgres, i) : "")} |");
        }
        return s.ToString();

        string PerQuery(BackendResult r, int i) => i < r.PerQuery.Length && r.PerQuery[i].Count > 0
            ? string.Create(c, $"{Percentile(r.PerQuery[i], 50):N1} / {r.PerQuery[i].Max():N1}")
            : "";

        void Row(string name, BackendResult r)
        {
            var l = r.Latencies;
            s.AppendLine(c, $"| {name} | {r.Count:N0} | {(double.IsNaN(r.IndexSeconds) ? "not measured (index reused)" : (options.Documents / r.IndexSeconds).ToString("N0", c))} | {(double.IsNaN(r.IndexWallSeconds) ? "–" : r.IndexWallSeconds.ToString("N1", c))} | {r.SizeBytes / 1048576.0:N0} | {l.Count:N0} | {Percentile(l, 50):N2} | {Percentile(l, 95):N2} | {Percentile(l, 99):N2} | {(l.Count > 0 ? l.Max() : double.NaN):N2} | {r.CpuMsPerQuery:N2} |");
        }
    }
}
