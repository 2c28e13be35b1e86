using System.Security.Cryptography;
using System.Text;
using ChildForum.Core.Markdown;
using Markdig.Extensions.Footnotes;
using HtmlRenderer = Markdig.Renderers.HtmlRenderer;
using IMarkdownRenderer = ChildForum.Core.Markdown.IMarkdownRenderer;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace ChildForum.PolicyDrafts.Documents;

/// <summary>One top-level block of a draft version: its anchor, its Markdown source and where that
/// source sits in the body (for replacing it with an amendment).</summary>
/// <param name="Amendable">False for the footnotes, which Markdig gathers from all over the text.</param>
public sealed record DraftBlock(string Anchor, string Text, int Start, int Length, bool Amendable);

/// <summary>A version's body parsed once: its blocks with anchors and its HTML, every top-level element
/// carrying <c>id="{anchor}"</c>.
///
/// An anchor is a digest of the block's normalised Markdown source ("p-" and 10 hex digits of SHA-256),
/// so it depends on nothing but the block's text: a block that keeps its text keeps its anchor in every
/// later version, wherever it moves, and a changed block gets a new one. Identical blocks in one version
/// are told apart by "-2", "-3" in order of appearance. The digest must never change: stored comments
/// and amendments point at these anchors.</summary>
public sealed class DraftDocument
{
    public const string AnchorPrefix = "p-";

    private readonly IMarkdownRenderer _markdown;
    private readonly MarkdownDocument _document;
    private readonly List<Block> _rendered;
    private string? _html;

    private sealed record Block(DraftBlock Draft, Markdig.Syntax.Block Syntax);

    private DraftDocument(string body, IMarkdownRenderer markdown, MarkdownDocument document, List<Block> blocks)
    {
        Body = body;
        _markdown = markdown;
        _document = document;
        _rendered = blocks;
        Blocks = blocks.Select(b => b.Draft).ToList();
    }

    /// <summary>The body with line endings normalised to <c>\n</c>: what is stored.</summary>
    public string Body { get; }

    public IReadOnlyList<DraftBlock> Blocks { get; }

    /// <summary>The sanitised HTML of the whole version. Sanitised block by block: HtmlSanitizer's cost per element
    /// grows with the size of what it is given (docs/benchmarks.md), and blocks are independent.</summary>
    public string Html => _html ??= string.Concat(Enumerable.Range(0, _rendered.Count).Select(BlockHtml));

    public DraftBlock? Find(string anchor) => Blocks.FirstOrDefault(b => b.Anchor == anchor);

    /// <summary>Line endings as stored: <c>\n</c> only.</summary>
    public static string Normalize(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Parses a body (within the renderer's time budget: <see cref="MarkdownTooComplexException"/> otherwise).</summary>
    public static DraftDocument Parse(string body, IMarkdownRenderer markdown)
    {
        body = Normalize(body);
        var document = markdown.Parse(body);
        var blocks = new List<Block>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var block in document)
        {
            string text;
            int start, length;
            var amendable = true;
            switch (block)
            {
                case LinkReferenceDefinitionGroup or BlankLineBlock:
                    // Not shown: the links that use them are part of their paragraphs.
                    continue;
                case FootnoteGroup footnotes:
                    // Markdig's span of a footnote starts after its label: take whole lines.
                    text = string.Join("\n\n", footnotes.Select(f => Slice(body, FromLineStart(body, f.Span))));
                    start = footnotes.Count > 0 ? footnotes[0].Span.Start : body.Length;
                    length = 0;
                    amendable = false;
                    break;
                default:
                    (start, length) = Trimmed(body, block.Span);
                    text = body.Substring(start, length);
                    break;
            }
            var digest = Digest(text);
            var count = seen.TryGetValue(digest, out var n) ? n + 1 : 1;
            seen[digest] = count;
            var anchor = count == 1 ? digest : $"{digest}-{count}";
            if (!Wrapped(block))
            {
                block.GetAttributes().Id = anchor;
            }
            blocks.Add(new Block(new DraftBlock(anchor, text, start, length, amendable), block));
        }
        return new DraftDocument(body, markdown, document, blocks);
    }

    /// <summary>The sanitised HTML of one block, as it appears inside <see cref="Html"/>.</summary>
    public string BlockHtml(int index) => _markdown.SanitizeForDisplay(RenderBlocks([index]));

    /// <summary>Blocks rendered in order. Code blocks and the footnotes put a block's attributes on an inner element
    /// (or none), so the anchor is written into their outer tag.</summary>
    private string RenderBlocks(IEnumerable<int> indexes)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _markdown.Pipeline.Setup(renderer);
        foreach (var index in indexes)
        {
            var block = _rendered[index];
            if (Wrapped(block.Syntax))
            {
                using var inner = new StringWriter();
                var innerRenderer = new HtmlRenderer(inner);
                _markdown.Pipeline.Setup(innerRenderer);
                innerRenderer.Render(block.Syntax);
                writer.Write(WithId(inner.ToString(), block.Draft.Anchor));
            }
            else
            {
                renderer.Render(block.Syntax);
            }
        }
        writer.Flush();
        return writer.ToString();
    }

    private static bool Wrapped(Markdig.Syntax.Block block) => block is CodeBlock or FootnoteGroup;

    /// <summary><c>&lt;pre&gt;…</c> → <c>&lt;pre id="p-…"&gt;…</c> (anchors are hex digits: nothing to escape).</summary>
    private static string WithId(string html, string anchor)
    {
        var open = html.IndexOf('<', StringComparison.Ordinal);
        if (open < 0)
        {
            return html;
        }
        var nameEnd = html.IndexOfAny([' ', '>'], open);
        return nameEnd < 0 ? html : html.Insert(nameEnd, $" id=\"{anchor}\"");
    }

    /// <summary>The body with one block's source replaced (an accepted amendment).</summary>
    public string Replace(DraftBlock block, string replacement)
    {
        var text = Normalize(replacement).Trim('\n');
        return string.Concat(Body.AsSpan(0, block.Start), text, Body.AsSpan(block.Start + block.Length));
    }

    /// <summary>The anchor's digest of a block's source: trailing spaces and surrounding blank lines do not count.</summary>
    public static string Digest(string text)
    {
        var normalized = string.Join('\n', Normalize(text).Split('\n').Select(line => line.TrimEnd())).Trim('\n');
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return AnchorPrefix + Convert.ToHexStringLower(hash)[..10];
    }

    public static bool IsAnchor(string? value) =>
        value is { Length: >= 12 and <= 20 } && value.StartsWith(AnchorPrefix, StringComparison.Ordinal)
        && value.AsSpan(2).IndexOfAnyExcept("0123456789abcdef-") < 0;

    private static string Slice(string body, SourceSpan span) =>
        span.IsEmpty || span.Start < 0 || span.End >= body.Length ? "" : body.Substring(span.Start, span.Length).Trim('\n');

    /// <summary>A block's span without the line breaks Markdig includes after lists and indented code, so that
    /// replacing it keeps the blank line before the next block.</summary>
    private static (int Start, int Length) Trimmed(string body, SourceSpan span)
    {
        if (span.IsEmpty || span.Start < 0 || span.End >= body.Length)
        {
            return (Math.Clamp(span.Start, 0, body.Length), 0);
        }
        var start = span.Start;
        var end = span.End + 1;
        while (end > start && body[end - 1] == '\n')
        {
            end--;
        }
        return (start, end - start);
    }

    private static SourceSpan FromLineStart(string body, SourceSpan span)
    {
        if (span.IsEmpty || span.Start < 0 || span.Start >= body.Length)
        {
            return span;
        }
        var lineStart = span.Start == 0 ? 0 : body.LastIndexOf('\n', span.Start - 1) + 1;
        return new SourceSpan(lineStart, span.End);
    }
}
