using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ChildForum.Core.Markdown;
using ChildForum.PolicyDrafts.Benchmarks;
using ChildForum.PolicyDrafts.Documents;

// `-- --inputs [DIR]` describes the generated inputs (and writes them to DIR); `-- --scaling [SPEC]` times the
// pieces of rendering at several sizes (Scaling.cs); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--inputs")
{
    DescribeInputs(args.Length > 1 ? args[1] : null);
    return;
}
if (args.Length > 0 && args[0] == "--scaling")
{
    Scaling.Run(args.Length > 1 ? args[1] : null);
    return;
}

// Artifacts (logs, reports) under bin/, not in whatever directory the command was started from.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

static void DescribeInputs(string? directory)
{
    var renderer = new MarkdownRenderer();
    var inputs = new (string Name, string Text)[]
    {
        ("draft-50KB.md", Inputs.Draft50KB),
        ("draft-100KB-v1.md", Inputs.Draft100KBv1),
        ("draft-100KB-v2.md", Inputs.Draft100KBv2),
        ("mixed-200KB.md", Inputs.Mixed200KB),
    };
    foreach (var (name, text) in inputs)
    {
        var stopwatch = Stopwatch.StartNew();
        var document = DraftDocument.Parse(text, renderer);
        var html = document.Html;
        stopwatch.Stop();
        var tags = Regex.Matches(html, "<([a-z0-9]+)").GroupBy(m => m.Groups[1].Value).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"{name}: {Encoding.UTF8.GetByteCount(text):N0} bytes UTF-8, {text.Length:N0} chars, {text.Count(c => c == '\n'):N0} lines, " +
            $"{document.Blocks.Count} top-level blocks, HTML {html.Length:N0} chars (first render {stopwatch.Elapsed.TotalMilliseconds:F1} ms)");
        Console.WriteLine($"  tags: {string.Join(", ", tags)}");
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, name), text);
        }
    }
    var revision = Inputs.Revision;
    Console.WriteLine($"v1 -> v2 edits: {revision.Paragraphs} paragraphs in v1; {revision.Modified} changed by a few words, {revision.Deleted} deleted, {revision.Inserted} inserted, {revision.Moved} moved");
    var from = DraftDocument.Parse(Inputs.Draft100KBv1, renderer);
    var to = DraftDocument.Parse(Inputs.Draft100KBv2, renderer);
    var changes = DraftDiff.Compare(from, to);
    var ops = changes.GroupBy(c => c.Op + (c.Moved ? " (moved)" : "")).Select(g => $"{g.Key} {g.Count()}");
    var diffHtml = DraftDiff.ToHtml(changes, from, to, DiffBenchmarks.Labels);
    Console.WriteLine($"DraftDiff.Compare: {string.Join(", ", ops)}; ToHtml {diffHtml.Length:N0} chars");
}
