using BenchmarkDotNet.Attributes;
using ChildForum.Core.Markdown;
using ChildForum.PolicyDrafts.Documents;
using Markdig;

namespace ChildForum.PolicyDrafts.Benchmarks;

/// <summary>Rendering one document: Markdig alone (the baseline), the site's renderer (Markdig, then
/// HtmlSanitizer), and a draft version as the module shows it (parse, anchors, render, sanitise).</summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class RenderBenchmarks
{
    private MarkdownRenderer _renderer = null!;
    private MarkdownPipeline _plainPipeline = null!;
    private string _markdown = "";
    private string _unsanitisedHtml = "";

    [Params(Inputs.Draft50, Inputs.Mixed200)]
    public string Document { get; set; } = Inputs.Draft50;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = new MarkdownRenderer();
        // The same extensions without the renderer's two deadline parsers, to show what those cost.
        _plainPipeline = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UsePipeTables()
            .UseFootnotes()
            .UseTaskLists()
            .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
            .UseAutoLinks()
            .UseEmphasisExtras()
            .Build();
        _markdown = Inputs.Named(Document);
        _unsanitisedHtml = Markdown.ToHtml(_markdown, _renderer.Pipeline);
    }

    /// <summary>Markdig with the site's pipeline (deadline parsers included), no sanitising.</summary>
    [Benchmark(Baseline = true, Description = "Markdig only (site pipeline)")]
    public string MarkdigOnly() => Markdown.ToHtml(_markdown, _renderer.Pipeline);

    [Benchmark(Description = "Markdig only (same extensions, no deadline parsers)")]
    public string MarkdigWithoutDeadline() => Markdown.ToHtml(_markdown, _plainPipeline);

    /// <summary>HtmlSanitizer alone on Markdig's output.</summary>
    [Benchmark(Description = "Sanitize only (Markdig's HTML)")]
    public string SanitizeOnly() => _renderer.Sanitize(_unsanitisedHtml);

    [Benchmark(Description = "MarkdownRenderer.ToHtml (with sanitising)")]
    public string RendererToHtml() => _renderer.ToHtml(_markdown);

    [Benchmark(Description = "DraftDocument.Parse + Html")]
    public string DraftParseAndHtml() => DraftDocument.Parse(_markdown, _renderer).Html;
}
