using System.Diagnostics;
using Ganss.Xss;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Syntax;
using Microsoft.Extensions.Caching.Memory;

namespace ChildForum.Core.Markdown;

/// <summary>The site's one Markdown pipeline (messages, drafts, agendas, minutes): CommonMark with
/// tables, footnotes, task lists and heading ids; raw HTML off; output sanitised; links get
/// <c>rel="nofollow ugc noopener"</c>. Parsing has a time budget: text that would take longer (Markdig
/// is quadratic on some pathological inputs) or nests too deeply is refused with
/// <see cref="MarkdownTooComplexException"/>, so no request thread hangs on it.</summary>
public interface IMarkdownRenderer
{
    MarkdownPipeline Pipeline { get; }

    /// <summary>Parses within the time budget, or throws <see cref="MarkdownTooComplexException"/>.</summary>
    MarkdownDocument Parse(string markdown);

    /// <summary>The sanitised HTML of a parsed document (whose blocks a caller may have given attributes).</summary>
    string Render(MarkdownDocument document);

    /// <summary><see cref="Parse"/> then <see cref="Render"/>.</summary>
    string ToHtml(string markdown);

    /// <summary>The text without Markdown syntax (for search and snippets); text that cannot be parsed comes back as it is.</summary>
    string ToPlainText(string markdown);

    string Sanitize(string html);

    /// <summary><see cref="Sanitize"/> for HTML that is built again each time it is shown (a draft's blocks on every
    /// view of its page): the result is remembered by its input. Text that is sanitised once and stored (a message, a
    /// comment) goes through <see cref="Sanitize"/>, so that it neither pays for the cache nor pushes out what is shown.</summary>
    string SanitizeForDisplay(string html);
}

/// <summary>The text could not be rendered within the time budget or nests too deeply.</summary>
public sealed class MarkdownTooComplexException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The refusal as a field error, localisable: the English format and its arguments.</summary>
    public ChildForum.Core.Http.Validation ToValidation(string field) =>
        Arguments.Length == 0 ? new ChildForum.Core.Http.Validation().Add(field, AuthorMessage) : new ChildForum.Core.Http.Validation().Add(field, TooManyElementsMessage, Arguments);

    /// <summary>The sentence shown to the author (an English format string, localised by the caller).</summary>
    public const string AuthorMessage = "This text is too complex to display (for example, lists or quotes nested very deeply, or thousands of unmatched brackets). Simplify it and try again.";

    /// <summary>For text with more elements than a page can show in reasonable time.</summary>
    public const string TooManyElementsMessage = "This text has too many elements to display ({0:N0}; the most is {1:N0}), for example a table with hundreds of thousands of cells. Split it up or simplify it.";

    /// <summary>The arguments of <see cref="Exception.Message"/>'s placeholders, if it has any.</summary>
    public object[] Arguments { get; init; } = [];
}

public sealed class MarkdownRenderer : IMarkdownRenderer
{
    /// <summary>How long one text may take to parse. Real documents of 1 MB parse in well under 100 ms.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(2);

    /// <summary>The most elements (blocks and inlines) one text may have: rendering and sanitising take time in
    /// proportion to them. A 1 MB policy text in prose has some tens of thousands.</summary>
    public const int MaxElements = 150_000;

    private const string DeadlineKey = "childforum.deadline";

    /// <summary>How many characters (HTML in and out) the sanitised results kept in memory may hold in all.</summary>
    public const long SanitizedCacheChars = 4 * 1024 * 1024;

    private readonly HtmlSanitizer _sanitizer;

    // Sanitising (an HTML parse and a walk of the tree) is most of the cost of showing a text that is rendered at display
    // time, and pages show the same texts again and again: the result depends on nothing but the HTML, so it is kept by
    // that HTML (no invalidation needed: changed text is a different key), the least used dropped first when the
    // characters pass the limit. Only SanitizeForDisplay fills it.
    private readonly MemoryCache _sanitized = new(new MemoryCacheOptions { SizeLimit = SanitizedCacheChars });
    private readonly long _budgetTicks;

    public MarkdownRenderer() : this(DefaultBudget)
    {
    }

    public MarkdownRenderer(TimeSpan budget)
    {
        _budgetTicks = (long)(budget.TotalSeconds * Stopwatch.Frequency);
        var builder = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UsePipeTables()
            .UseFootnotes()
            .UseTaskLists()
            .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
            .UseAutoLinks()
            .UseEmphasisExtras();
        // Parsers without opening characters are asked at every line and every inline position:
        // they check the deadline and otherwise never match.
        builder.BlockParsers.Insert(0, new DeadlineBlockParser());
        builder.InlineParsers.Insert(0, new DeadlineInlineParser());
        Pipeline = builder.Build();

        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        _sanitizer.AllowedAttributes.Add("id");
        _sanitizer.AllowedAttributes.Add("class");
        _sanitizer.AllowedClasses.UnionWith(["task-list-item", "task-list-item-checkbox", "footnotes", "footnote-ref", "footnote-back-ref", "contains-task-list"]);
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow ugc noopener");
            }
        };
    }

    public MarkdownPipeline Pipeline { get; }

    public MarkdownDocument Parse(string markdown)
    {
        var context = new MarkdownParserContext();
        context.Properties[DeadlineKey] = Stopwatch.GetTimestamp() + _budgetTicks;
        MarkdownDocument document;
        try
        {
            document = Markdig.Markdown.Parse(markdown ?? "", Pipeline, context);
        }
        catch (ArgumentException e) when (e.Message.Contains("nested", StringComparison.OrdinalIgnoreCase))
        {
            // Markdig's own depth limit.
            throw new MarkdownTooComplexException(MarkdownTooComplexException.AuthorMessage, e);
        }
        var elements = document.Descendants().Take(MaxElements + 1).Count();
        if (elements > MaxElements)
        {
            var all = document.Descendants().Count();
            throw new MarkdownTooComplexException(string.Format(System.Globalization.CultureInfo.InvariantCulture, MarkdownTooComplexException.TooManyElementsMessage, all, MaxElements))
            {
                Arguments = [all, MaxElements],
            };
        }
        return document;
    }

    public string Render(MarkdownDocument document)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return Sanitize(writer.ToString());
    }

    public string ToHtml(string markdown) => Render(Parse(markdown));

    public string ToPlainText(string markdown)
    {
        try
        {
            using var writer = new StringWriter();
            var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
            Pipeline.Setup(renderer);
            renderer.Render(Parse(markdown ?? ""));
            writer.Flush();
            return writer.ToString().Trim();
        }
        catch (MarkdownTooComplexException)
        {
            return markdown ?? "";
        }
    }

    public string Sanitize(string html) => _sanitizer.Sanitize(html);

    public string SanitizeForDisplay(string html)
    {
        if (_sanitized.TryGetValue(html, out string? known) && known is not null)
        {
            return known;
        }
        var clean = _sanitizer.Sanitize(html);
        _sanitized.Set(html, clean, new MemoryCacheEntryOptions { Size = html.Length + clean.Length });
        return clean;
    }

    private static void CheckDeadline(MarkdownParserContext? context)
    {
        if (context?.Properties.TryGetValue(DeadlineKey, out var value) == true && value is long deadline && Stopwatch.GetTimestamp() > deadline)
        {
            throw new MarkdownTooComplexException(MarkdownTooComplexException.AuthorMessage);
        }
    }

    private sealed class DeadlineBlockParser : BlockParser
    {
        public DeadlineBlockParser() => OpeningCharacters = null;

        public override BlockState TryOpen(BlockProcessor processor)
        {
            CheckDeadline(processor.Context);
            return BlockState.None;
        }
    }

    private sealed class DeadlineInlineParser : InlineParser
    {
        public DeadlineInlineParser() => OpeningCharacters = null;

        public override bool Match(InlineProcessor processor, ref StringSlice slice)
        {
            CheckDeadline(processor.Context);
            return false;
        }
    }
}
