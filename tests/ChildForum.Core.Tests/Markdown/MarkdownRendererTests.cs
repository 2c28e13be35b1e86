using Markdig.Renderers.Html;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ChildForum.Core.Markdown;

namespace ChildForum.Core.Tests.Markdown;

/// <summary>The one Markdown pipeline of the site: what a reader sees from what a member typed.</summary>
public sealed class MarkdownRendererTests
{
    private static readonly HtmlParser Parser = new();
    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("Hello <img src=x onerror=alert(1)> there")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<a href=\"https://example.org\" onclick=\"steal()\">link</a>")]
    [InlineData("<div style=\"position:fixed;top:0\">cover</div>")]
    public void Raw_html_is_shown_as_text_and_never_becomes_markup(string markdown)
    {
        var html = _renderer.ToHtml(markdown);

        using var document = Parse(html);
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, div, [onclick], [onerror], [style]"));
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("[click me](javascript&#58;alert(1))")]
    [InlineData("[click me](vbscript:msgbox(1))")]
    [InlineData("[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![picture](javascript:alert(1))")]
    [InlineData("[click me][ref]\n\n[ref]: javascript:alert(1)")]
    public void Script_and_data_links_lose_their_target(string markdown)
    {
        using var document = Parse(_renderer.ToHtml(markdown));

        var targets = document.QuerySelectorAll("[href], [src]")
            .SelectMany(e => new[] { e.GetAttribute("href"), e.GetAttribute("src") })
            .OfType<string>()
            .Select(target => new string(target.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant());
        Assert.DoesNotContain(targets, target => target.StartsWith("javascript:", StringComparison.Ordinal)
            || target.StartsWith("vbscript:", StringComparison.Ordinal) || target.StartsWith("data:", StringComparison.Ordinal));
        Assert.Empty(document.QuerySelectorAll("script"));
    }

    [Theory]
    [InlineData("[the ministry](https://example.org/policy)", "https://example.org/policy")]
    [InlineData("See https://example.org/report for details.", "https://example.org/report")]
    [InlineData("<https://example.org/autolink>", "https://example.org/autolink")]
    [InlineData("[write to us](mailto:team@example.org)", "mailto:team@example.org")]
    public void Links_keep_safe_targets_and_get_nofollow_ugc_noopener(string markdown, string href)
    {
        using var document = Parse(_renderer.ToHtml(markdown));

        var link = Assert.Single(document.QuerySelectorAll("a"));
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", link.GetAttribute("rel"));
    }

    [Fact]
    public void Tables_render_with_header_and_body_cells()
    {
        const string markdown = """
            | Stakeholder | Position |
            |-------------|----------|
            | 政府 | Support |
            | CSO | Oppose |
            """;

        using var document = Parse(_renderer.ToHtml(markdown));

        Assert.Equal(["Stakeholder", "Position"], document.QuerySelectorAll("table thead th").Select(c => c.TextContent));
        Assert.Equal(["政府", "Support", "CSO", "Oppose"], document.QuerySelectorAll("table tbody td").Select(c => c.TextContent));
    }

    [Fact]
    public void Footnotes_render_as_links_between_the_reference_and_the_note()
    {
        const string markdown = """
            Boarding schools reach most children.[^survey]

            [^survey]: District survey, 2025.
            """;

        using var document = Parse(_renderer.ToHtml(markdown));

        var reference = Assert.Single(document.QuerySelectorAll("a.footnote-ref"));
        var note = Assert.Single(document.QuerySelectorAll(".footnotes li"));
        Assert.Contains("District survey, 2025.", note.TextContent, StringComparison.Ordinal);
        Assert.Equal("#" + note.Id, reference.GetAttribute("href"));
        var back = Assert.Single(note.QuerySelectorAll("a.footnote-back-ref"));
        Assert.Equal("#" + reference.Id, back.GetAttribute("href"));
    }

    [Fact]
    public void Task_lists_render_as_checkboxes_that_readers_cannot_tick()
    {
        const string markdown = """
            - [x] Agree the agenda
            - [ ] Circulate the minutes
            """;

        using var document = Parse(_renderer.ToHtml(markdown));

        var boxes = document.QuerySelectorAll("li.task-list-item input[type=checkbox]");
        Assert.Equal(2, boxes.Length);
        Assert.True(boxes[0].HasAttribute("checked"));
        Assert.False(boxes[1].HasAttribute("checked"));
        Assert.All(boxes, box => Assert.True(box.HasAttribute("disabled")));
        Assert.Contains("Circulate the minutes", document.QuerySelectorAll("li.task-list-item")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_get_anchors_that_can_be_linked_to()
    {
        using var document = Parse(_renderer.ToHtml("## Referral procedures\n\nText."));

        Assert.Equal("referral-procedures", document.QuerySelector("h2")?.Id);
    }

    [Fact]
    public void Ordinary_text_and_emphasis_come_through_unchanged()
    {
        using var document = Parse(_renderer.ToHtml("关爱**留守儿童** and ~~old~~ *new* text"));

        Assert.Equal("留守儿童", document.QuerySelector("strong")?.TextContent);
        Assert.Equal("old", document.QuerySelector("del")?.TextContent);
        Assert.Equal("new", document.QuerySelector("em")?.TextContent);
    }

    [Fact]
    public void Empty_input_renders_nothing()
    {
        Assert.Equal("", _renderer.ToHtml("").Trim());
        Assert.Equal("", _renderer.ToHtml(null!).Trim());
    }

    [Fact]
    public void Sanitize_strips_event_handlers_and_scripts_from_html_that_comes_from_elsewhere()
    {
        var html = _renderer.Sanitize("<p onclick=\"steal()\">Hi <script>alert(1)</script><a href=\"javascript:alert(1)\">x</a></p>");

        using var document = Parse(html);
        Assert.Empty(document.QuerySelectorAll("script, [onclick]"));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("nofollow ugc noopener", document.QuerySelector("a")?.GetAttribute("rel"));
    }

    public static TheoryData<string, string> Pathological() => new()
    {
        { "quotes nested 100,000 deep", new string('>', 100_000) + " x" },
        { "100,000 opening brackets", new string('[', 100_000) },
        { "50,000 unclosed link destinations", string.Concat(Enumerable.Repeat("[a](", 50_000)) },
        { "a list nested 2,000 deep", string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i * 2) + "- x\n")) },
        { "100,000 emphasis openers", string.Concat(Enumerable.Repeat("*_", 100_000)) + "x" },
    };

    [Theory]
    [MemberData(nameof(Pathological))]
    public void Pathological_markdown_is_refused_with_a_clear_exception_instead_of_running_on(string _, string markdown)
    {
        // A short budget: the refusal comes from the deadline or Markdig's depth limit, not from the input finishing.
        var renderer = new MarkdownRenderer(TimeSpan.FromMilliseconds(200));

        var refused = Assert.Throws<MarkdownTooComplexException>(() => renderer.ToHtml(markdown));

        Assert.Equal(MarkdownTooComplexException.AuthorMessage, refused.Message);
    }

    [Fact]
    public void A_table_with_hundreds_of_thousands_of_cells_is_refused_with_the_count()
    {
        const int columns = 1_000;
        var markdown = "|" + string.Concat(Enumerable.Repeat("a|", columns)) + "\n|" + string.Concat(Enumerable.Repeat("-|", columns)) + "\n"
            + string.Concat(Enumerable.Repeat("|" + string.Concat(Enumerable.Repeat("b|", columns)) + "\n", 200));

        var refused = Assert.Throws<MarkdownTooComplexException>(() => new MarkdownRenderer(TimeSpan.FromSeconds(30)).Parse(markdown));

        Assert.Equal(MarkdownRenderer.MaxElements, refused.Arguments[1]);
        Assert.True((int)refused.Arguments[0] > MarkdownRenderer.MaxElements);
        Assert.Equal("body", refused.ToValidation("body").ToDictionary().Single().Key);
    }

    [Fact]
    public void A_large_ordinary_document_renders_within_the_budget()
    {
        var markdown = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"## Section {i}\n\nParagraph {i} with *emphasis*, a [link](https://example.org/{i}) and 关爱留守儿童.\n\n| a | b |\n|---|---|\n| {i} | x |\n\n"));

        var html = new MarkdownRenderer(TimeSpan.FromSeconds(30)).ToHtml(markdown);

        Assert.Contains("Section 4999", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_and_render_keep_attributes_a_caller_gives_to_blocks()
    {
        var document = _renderer.Parse("First\n\nSecond");
        document[1].GetAttributes().Id = "p-second";

        Assert.Contains("<p id=\"p-second\">Second</p>", _renderer.Render(document), StringComparison.Ordinal);
    }

    /// <summary>HTML sanitised for display is kept by its input: asked again, the renderer answers with the very string
    /// it made the first time (no second parse), and that answer is as clean as the first for every payload of the XSS
    /// corpus.</summary>
    [Fact]
    public void Sanitising_the_same_html_for_display_again_answers_from_the_cache_and_stays_clean()
    {
        foreach (var payload in ChildForum.Testing.XssCorpus.Payloads)
        {
            var first = _renderer.SanitizeForDisplay(payload);
            var again = _renderer.SanitizeForDisplay(payload);

            Assert.Same(first, again);
            Assert.Equal(_renderer.Sanitize(payload), first);
            using var document = Parse(again);
            Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, [onclick], [onerror], [onload]"));
        }
        Assert.NotEqual(_renderer.SanitizeForDisplay("<p>one</p>"), _renderer.SanitizeForDisplay("<p>two</p>"));
    }

    /// <summary>Text sanitised once to be stored (a posted message, a comment) is not kept: asked twice, the renderer
    /// sanitises twice, so the write path neither pays for the cache nor pushes out what pages show.</summary>
    [Fact]
    public void Sanitising_for_storage_is_not_cached()
    {
        const string html = "<p>Stored once: the township needs a <em>social worker</em>.</p>";

        var first = _renderer.Sanitize(html);
        var again = _renderer.Sanitize(html);

        Assert.Equal(first, again);
        Assert.NotSame(first, again);
        Assert.NotSame(_renderer.ToHtml("Stored *once*."), _renderer.ToHtml("Stored *once*."));
    }

    private static IDocument Parse(string html) => Parser.ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
}
