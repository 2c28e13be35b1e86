using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ChildForum.Core.Markdown;
using Ganss.Xss;
using Markdig;
using Markdig.Renderers;

namespace ChildForum.PolicyDrafts.Benchmarks;

/// <summary><c>-- --scaling [SPEC]</c>: a quick Stopwatch table (minimum / median of repeated runs, not
/// BenchmarkDotNet) of where rendering time goes as documents grow: Markdig with its default pipeline and
/// with the site's, AngleSharp parsing and serialising the HTML, HtmlSanitizer as shipped and as the site
/// configures it, and the site's sanitiser applied block by block (each top-level block rendered on its own,
/// as <c>DraftDocument.BlockHtml</c> does). SPEC is an optional Markdown file (e.g. the CommonMark spec) measured last.</summary>
public static class Scaling
{
    public static void Run(string? specFile)
    {
        var site = new MarkdownRenderer();
        var plain = new HtmlSanitizer();
        var parser = new HtmlParser();
        var cases = new List<(string Name, string Markdown)>();
        foreach (var kb in new[] { 50, 200, 1000 })
        {
            cases.Add(($"draft {kb} KB", new DraftGenerator(Inputs.DraftSeed).Draft(kb * 1024).Markdown));
        }
        foreach (var kb in new[] { 25, 50, 100, 200, 400 })
        {
            cases.Add(($"mixed {kb} KB", new MixedGenerator(Inputs.MixedSeed).Document(kb * 1024)));
        }
        if (specFile is not null)
        {
            cases.Add((Path.GetFileName(specFile), File.ReadAllText(specFile)));
        }

        // Tiered compilation: run every path for a few seconds first, or the first rows measure the JIT.
        var warmUp = new MixedGenerator(Inputs.MixedSeed).Document(25 * 1024);
        var warmUpHtml = Markdown.ToHtml(warmUp, site.Pipeline);
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(5);)
        {
            Markdown.ToHtml(warmUp);
            Markdown.ToHtml(warmUp, site.Pipeline);
            parser.ParseDocument(warmUpHtml).Body!.InnerHtml.GetHashCode();
            plain.Sanitize(warmUpHtml);
            site.Sanitize(warmUpHtml);
            site.Sanitize("<p>one block</p>");
        }

        Console.WriteLine("Milliseconds, minimum / median of repeated runs.");
        Console.WriteLine();
        Console.WriteLine("| input | Markdown KB | HTML KB | elements | Markdig, default pipeline | Markdig, site pipeline | AngleSharp parse + serialise | `new HtmlSanitizer()` | site sanitiser, whole HTML | µs per element | site sanitiser, block by block (sum) | MB allocated by the site sanitiser |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var (name, markdown) in cases)
        {
            var html = Markdown.ToHtml(markdown, site.Pipeline);
            var pieces = Markdown.Parse(markdown, site.Pipeline).Select(block =>
            {
                using var writer = new StringWriter();
                var renderer = new HtmlRenderer(writer);
                site.Pipeline.Setup(renderer);
                renderer.Render(block);
                writer.Flush();
                return writer.ToString();
            }).ToList();
            var elements = Regex.Matches(html, "<[a-z]").Count;
            var n = html.Length > 300_000 ? 9 : 25;
            var markdig = Time(() => Markdown.ToHtml(markdown), n);
            var markdigSite = Time(() => Markdown.ToHtml(markdown, site.Pipeline), n);
            var angleSharp = Time(() => parser.ParseDocument("<html><body>" + html).Body!.InnerHtml, n);
            var plainSanitizer = Time(() => plain.Sanitize(html), n);
            var before = GC.GetAllocatedBytesForCurrentThread();
            site.Sanitize(html);
            var allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / 1024.0;
            var siteSanitizer = Time(() => site.Sanitize(html), n);
            var byBlock = Time(() => pieces.Sum(p => site.Sanitize(p).Length), n);
            Console.WriteLine($"| {name} | {Encoding.UTF8.GetByteCount(markdown) / 1024.0:F0} | {html.Length / 1024.0:F0} | {elements:N0} | {F(markdig)} | {F(markdigSite)} | {F(angleSharp)} | " +
                $"{F(plainSanitizer)} | {F(siteSanitizer)} | {siteSanitizer.Min * 1000 / elements:F1} | {F(byBlock)} ({pieces.Count} blocks) | {allocated:F0} |");
        }
    }

    private static (double Min, double Median) Time(Func<object> action, int runs)
    {
        for (var i = 0; i < 30; i++)
        {
            action();
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return (times[0], times[runs / 2]);
    }

    private static string F((double Min, double Median) time) => FormattableString.Invariant($"{time.Min:F2} / {time.Median:F2}");
}
