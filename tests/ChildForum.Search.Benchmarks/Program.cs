using System.Diagnostics;
using System.Globalization;
using ChildForum.Benchmarks.Support;
using ChildForum.Core.Search;
using ChildForum.Search.Benchmarks;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;
using Microsoft.Extensions.Logging.Abstractions;

// The search benchmark: the same deterministic corpus and the same fixed queries against the embedded Lucene backend
// and PostgreSQL full-text search. See docs/benchmarks.md (section "Search").

if (!CommandLine.TryRead(args, Options.Parse, o => o.Help, Options.Usage, out var options, out var exitCode))
{
    return exitCode;
}
var culture = CultureInfo.InvariantCulture;
var corpus = new Corpus(options.Documents);
var readers = Enumerable.Range(1, 10).ToHashSet();
var facilitators = new HashSet<int> { 1 };
var parsed = Queries.All.Select(q => (Text: q, Query: SearchQueryParser.Parse(q))).ToList();
SearchRequest Request(ParsedQuery q) => new(q, readers, facilitators, Page: 1, PageSize: 20);

var loadAverageStart = LoadAverage();
Console.WriteLine($"Search benchmark: {options.Documents:N0} documents, batches of {options.BatchSize} parents, {Queries.All.Count} queries × {options.Rounds} rounds per backend, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");

// Corpus statistics (generation is not timed below).
{
    long bytes = 0, chars = 0, chinese = 0;
    var step = Math.Max(1, options.Documents / 2_000);
    var sampled = 0;
    for (var i = 0; i < options.Documents; i += step)
    {
        var d = corpus.Document(i);
        bytes += System.Text.Encoding.UTF8.GetByteCount(d.Title + "\n" + d.Body);
        chars += d.Title.Length + 1 + d.Body.Length;
        chinese += d.Language == "en" ? 0 : 1;
        sampled++;
    }
    Console.WriteLine($"Corpus (sample of {sampled:N0}): {bytes / sampled:N0} bytes UTF-8 ({chars / sampled:N0} characters) per document on average, {100.0 * chinese / sampled:N0}% Chinese");
}

var results = new Report(options);

// ---------------------------------------------------------------- Lucene
var indexPath = options.IndexPath ?? Path.Combine(Path.GetTempPath(), $"childforum-search-bench-{Environment.ProcessId}");
var reuse = options.ReuseIndex && Directory.Exists(indexPath);
if (Directory.Exists(indexPath) && !reuse)
{
    Directory.Delete(indexPath, recursive: true);
}
var luceneTotals = new long[parsed.Count];
using (var lucene = new LuceneBackend(indexPath, NullLogger<LuceneBackend>.Instance))
{
    var (indexSeconds, wall) = reuse ? (double.NaN, double.NaN) : await LoadAsync(corpus, options.BatchSize, (parents, docs) => lucene.ReplaceAsync(parents, docs, CancellationToken.None));
    var count = await lucene.CountAsync(CancellationToken.None);
    var size = Directory.EnumerateFiles(indexPath).Sum(f => new FileInfo(f).Length);
    results.Lucene.IndexSeconds = indexSeconds;
    results.Lucene.IndexWallSeconds = wall;
    results.Lucene.Count = count;
    results.Lucene.SizeBytes = size;
    Console.WriteLine(reuse
        ? $"Lucene: reused the index at {indexPath} ({count:N0} documents; indexing not measured), index {size / 1048576.0:N0} MB"
        : $"Lucene: indexed {count:N0} documents in {indexSeconds:N1} s of ReplaceAsync ({options.Documents / indexSeconds:N0} documents/s; {wall:N1} s wall with generation), index {size / 1048576.0:N0} MB");
    Console.WriteLine(Segments.Describe(indexPath, Environment.ProcessorCount));

    (results.Lucene.Latencies, results.Lucene.PerQuery, results.Lucene.CpuMsPerQuery) = await MeasureAsync("Lucene", async (q, i) =>
    {
        var r = await lucene.SearchAsync(Request(q), CancellationToken.None);
        luceneTotals[i] = r.Total;
        return r;
    }, ProcessCpuMs, options.WarmupRounds, options.Rounds);

    // Where a query's time goes: the backend's steps, repeated on a reader of the same committed index.
    results.Breakdown = LuceneBreakdown.Measure(indexPath, parsed.Select(p => Request(p.Query)).ToList(), rounds: 5);
    Console.WriteLine("Lucene breakdown (p50 ms per query): " + string.Join(", ", results.Breakdown.Select(b => $"{b.Key} {Report.Percentile(b.Value, 50):N2}")));

    // Freshness: a single-document ReplaceAsync (what the indexer does for one saved item) until a search finds it.
    var fresh = new List<double>();
    for (var k = 0; k < options.FreshnessSamples; k++)
    {
        var marker = $"freshmarker{k}x{Environment.ProcessId}";
        var document = corpus.Document(k) with { Key = $"minutes:fresh{k}:1", Parent = $"minutes:fresh{k}", GroupId = 1 + (k % 10), Audience = SearchAudiences.Readers, Body = corpus.Document(k).Body + " " + marker };
        var request = Request(SearchQueryParser.Parse(marker));
        var watch = Stopwatch.StartNew();
        await lucene.ReplaceAsync([document.Parent], [document], CancellationToken.None);
        while ((await lucene.SearchAsync(request, CancellationToken.None)).Total == 0)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }
        }
        watch.Stop();
        fresh.Add(watch.Elapsed.TotalMilliseconds);
        await Task.Delay(100);
    }
    results.Lucene.Freshness = fresh;
    Console.WriteLine($"Lucene freshness (ReplaceAsync of one document until findable, {fresh.Count} samples): p50 {Report.Percentile(fresh, 50):N1} ms, max {fresh.Max():N1} ms");

    // A document that matches thousands of times beside one that matches once: whole searches, then the snippet alone.
    await ManyMatches.IndexAsync(lucene, corpus.Document(0));
    var manyQueries = new[] { ManyMatches.ManyWord, ManyMatches.SingleWord }.Select(SearchQueryParser.Parse).ToList();
    var manyTimes = manyQueries.Select(_ => new List<double>()).ToArray();
    for (var round = 0; round < options.WarmupRounds + options.Rounds * 5; round++)
    {
        for (var k = 0; k < manyQueries.Count; k++)
        {
            var watch = Stopwatch.StartNew();
            var r = await lucene.SearchAsync(Request(manyQueries[k]), CancellationToken.None);
            if (r.Total != 1)
            {
                throw new InvalidOperationException($"The many-matches query {k} found {r.Total} documents instead of 1.");
            }
            if (round >= options.WarmupRounds)
            {
                manyTimes[k].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
    }
    (results.ManySearch, results.SingleSearch) = (manyTimes[0], manyTimes[1]);
    results.Snippets = ManyMatches.Snippets(repetitions: 200);
    Console.WriteLine($"Lucene search of a document matching {ManyMatches.Many(ManyMatches.ManyWord).Length / (ManyMatches.ManyWord.Length + 1):N0} times: p50 {Report.Percentile(manyTimes[0], 50):N2} ms, p99 {Report.Percentile(manyTimes[0], 99):N2} ms; matching once: p50 {Report.Percentile(manyTimes[1], 50):N2} ms, p99 {Report.Percentile(manyTimes[1], 99):N2} ms");
    results.PeakRssAfterLucene = PeakRssMb();
}
if (options.IndexPath is null)
{
    Directory.Delete(indexPath, recursive: true);
}

// ---------------------------------------------------------------- Traditional and Simplified Chinese
if (options.RecallSample > 0)
{
    var recallPath = Path.Combine(Path.GetTempPath(), $"childforum-search-bench-scripts-{Environment.ProcessId}");
    results.ScriptRecall = await ScriptRecall.MeasureAsync(corpus, options.RecallSample, recallPath);
    Directory.Delete(recallPath, recursive: true);
    Console.WriteLine($"Traditional/Simplified recall over {options.RecallSample:N0} Chinese documents in both scripts: Simplified query finds Traditional documents {results.ScriptRecall.Average(r => r.SimplifiedFindsTraditional):P1}, Traditional query finds Simplified documents {results.ScriptRecall.Average(r => r.TraditionalFindsSimplified):P1} (mean over {ScriptRecall.Words.Count} words)");
}

// ---------------------------------------------------------------- PostgreSQL
var pgTotals = new long[parsed.Count];
if (options.Postgres is not null)
{
    var database = $"childforum_search_bench_{Environment.ProcessId}";
    await using var pg = new PostgresSearch(options.Postgres, database);
    await pg.CreateAsync();
    var (loadSeconds, wall) = await LoadAsync(corpus, options.BatchSize, pg.ReplaceAsync);
    var analyze = Stopwatch.StartNew();
    await pg.AnalyzeAsync();
    analyze.Stop();
    var (table, gin) = await pg.SizeAsync();
    results.Postgres.IndexSeconds = loadSeconds;
    results.Postgres.IndexWallSeconds = wall;
    results.Postgres.Count = options.Documents;
    results.Postgres.SizeBytes = table;
    results.Postgres.GinBytes = gin;
    results.Postgres.AnalyzeSeconds = analyze.Elapsed.TotalSeconds;
    Console.WriteLine($"PostgreSQL: loaded {options.Documents:N0} documents in {loadSeconds:N1} s of COPY batches ({options.Documents / loadSeconds:N0} documents/s; {wall:N1} s wall), VACUUM ANALYZE {analyze.Elapsed.TotalSeconds:N1} s, table with indexes {table / 1048576.0:N0} MB (GIN {gin / 1048576.0:N0} MB)");
    foreach (var i in new[] { 0, 13 })
    {
        Console.WriteLine($"PostgreSQL plan for {parsed[i].Text}: {await pg.ExplainAsync(Request(parsed[i].Query))}");
    }
    (results.Postgres.Latencies, results.Postgres.PerQuery, results.Postgres.CpuMsPerQuery) = await MeasureAsync("PostgreSQL", async (q, i) =>
    {
        var r = await pg.SearchAsync(Request(q));
        pgTotals[i] = r.Total;
        return r;
    }, () => ProcessCpuMs() + ServerCpuMs(pg.QueryBackendPid), Math.Min(options.WarmupRounds, Options.PostgresWarmupRounds), options.PostgresRounds ?? options.Rounds);
}

results.Queries = parsed.Select((p, i) => (p.Text, PostgresSearch.ToTsQuery(p.Query) ?? "", luceneTotals[i], pgTotals[i])).ToList();
results.LoadAverageStart = loadAverageStart;
results.LoadAverageEnd = LoadAverage();
results.PeakRssMb = PeakRssMb();
var markdown = results.Markdown();
Console.WriteLine();
Console.WriteLine(markdown);
if (options.Markdown is not null)
{
    await File.WriteAllTextAsync(options.Markdown, markdown);
}
return 0;

// Indexes the corpus in batches of BatchSize parents (one document each), timing only the backend calls.
static async Task<(double BackendSeconds, double WallSeconds)> LoadAsync(Corpus corpus, int batchSize, Func<IReadOnlyCollection<string>, IReadOnlyList<SearchDocument>, Task> replace)
{
    var backend = TimeSpan.Zero;
    var wall = Stopwatch.StartNew();
    var lastReport = Stopwatch.StartNew();
    for (var start = 0; start < corpus.Count; start += batchSize)
    {
        var documents = Enumerable.Range(start, Math.Min(batchSize, corpus.Count - start)).Select(corpus.Document).ToList();
        var parents = documents.Select(d => d.Parent).ToList();
        var watch = Stopwatch.StartNew();
        await replace(parents, documents);
        backend += watch.Elapsed;
        if (lastReport.Elapsed > TimeSpan.FromSeconds(15))
        {
            Console.WriteLine($"  {start + documents.Count:N0} documents, {backend.TotalSeconds:N1} s");
            lastReport.Restart();
        }
    }
    return (backend.TotalSeconds, wall.Elapsed.TotalSeconds);
}

// Warm-up (every query WarmupRounds times), then `rounds` rounds of the whole set in a fixed shuffled order.
// Also CPU per query: this process's, plus for PostgreSQL that of the server process running the queries.
async Task<(List<double> All, List<double>[] PerQuery, double CpuMsPerQuery)> MeasureAsync(string name, Func<ParsedQuery, int, Task<SearchResult>> search, Func<double> cpuMs, int warmupRounds, int rounds)
{
    // The warm-up rounds are timed too, and reported apart: the first searches after a start run while the JIT still
    // compiles the hot code at its second tier (on 2 cores that compile competes with the query's slices), so they say
    // how a just-started process answers, not how a running site does.
    var warmup = new List<double>();
    var warmupWatch = new Stopwatch();
    for (var w = 0; w < warmupRounds; w++)
    {
        for (var i = 0; i < parsed.Count; i++)
        {
            warmupWatch.Restart();
            await search(parsed[i].Query, i);
            warmup.Add(warmupWatch.Elapsed.TotalMilliseconds);
        }
    }
    if (warmup.Count > 0)
    {
        var first = warmup.Take(Math.Min(3, warmupRounds) * parsed.Count).ToList();
        Console.WriteLine($"{name} warm-up ({warmupRounds} round{(warmupRounds == 1 ? "" : "s")}, not in the figures below): the first {first.Count} searches after the start p50 {Report.Percentile(first, 50):N2} ms, p99 {Report.Percentile(first, 99):N2} ms, max {first.Max():N2} ms");
    }
    var latencies = new List<double>();
    var perQuery = parsed.Select(_ => new List<double>()).ToArray();
    var order = new Random(7);
    var watch = new Stopwatch();
    var cpuBefore = cpuMs();
    for (var round = 0; round < rounds; round++)
    {
        foreach (var i in Enumerable.Range(0, parsed.Count).OrderBy(_ => order.Next()))
        {
            watch.Restart();
            await search(parsed[i].Query, i);
            watch.Stop();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            perQuery[i].Add(watch.Elapsed.TotalMilliseconds);
        }
    }
    var cpu = (cpuMs() - cpuBefore) / latencies.Count;
    Console.WriteLine($"{name}: {latencies.Count} queries, p50 {Report.Percentile(latencies, 50):N2} ms, p95 {Report.Percentile(latencies, 95):N2} ms, p99 {Report.Percentile(latencies, 99):N2} ms, max {latencies.Max():N2} ms, CPU {cpu:N2} ms per query, load average {LoadAverage()}");
    return (latencies, perQuery, cpu);
}

static double ProcessCpuMs()
{
    using var process = Process.GetCurrentProcess();
    return process.TotalProcessorTime.TotalMilliseconds;
}

// utime + stime of a process from /proc (clock ticks of 10 ms).
static double ServerCpuMs(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
    catch (Exception e) when (e is IOException or FormatException)
    {
        return 0;
    }
}

static string LoadAverage()
{
    try
    {
        return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "?";
    }
}

static double PeakRssMb()
{
    try
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}
