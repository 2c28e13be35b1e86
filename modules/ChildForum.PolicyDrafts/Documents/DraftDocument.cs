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

    /// <summary>The sanitised HTML of the whole version.</summary>
    public string Html => _html ??= _markdown.Render(_document);

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
                    text = string.Join("\n\n", footnotes.Select(f => Slice(body, f.Span)));
                    start = footnotes.Count > 0 ? footnotes[0].Span.Start : body.Length;
                    length = 0;
                    amendable = false;
                    break;
                default:
                    text = Slice(body, block.Span);
                    start = block.Span.Start;
                    length = block.Span.IsEmpty ? 0 : block.Span.Length;
                    break;
            }
            var digest = Digest(text);
            var count = seen.TryGetValue(digest, out var n) ? n + 1 : 1;
            seen[digest] = count;
            var anchor = count == 1 ? digest : $"{digest}-{count}";
            block.GetAttributes().Id = anchor;
            blocks.Add(new Block(new DraftBlock(anchor, text, start, length, amendable), block));
        }
        return new DraftDocument(body, markdown, document, blocks);
    }

    /// <summary>The sanitised HTML of one block, as it appears inside <see cref="Html"/>.</summary>
    public string BlockHtml(int index)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _markdown.Pipeline.Setup(renderer);
        renderer.Render(_rendered[index].Syntax);
        writer.Flush();
        return _markdown.Sanitize(writer.ToString());
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
}
