using System.Security.Cryptography;
using System.Text;
using ChildForum.Core.Markdown;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Documents;

/// <summary>Blocks and anchors of a version, without a host: an anchor is "p-" and 10 hex digits of the SHA-256 of the
/// block's normalised Markdown source, so it follows the text, not the position.</summary>
public sealed class DraftDocumentTests
{
    // A generous budget: these tests are about blocks, not about the time limit, and the machine may be busy.
    private static readonly MarkdownRenderer Markdown = new(TimeSpan.FromSeconds(30));

    private static DraftDocument Parse(string body) => DraftDocument.Parse(body, Markdown);

    private static List<string> Anchors(string body) => Parse(body).Blocks.Select(b => b.Anchor).ToList();

    private static string AnchorOf(string body, string text) => Assert.Single(Parse(body).Blocks, b => b.Text == text).Anchor;

    /// <summary>The anchor computed here, independently of the module: trailing spaces of each line and surrounding newlines do not count.</summary>
    private static string ExpectedAnchor(string source)
    {
        var normalized = string.Join('\n', source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).Trim('\n');
        return "p-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))[..10];
    }

    [Fact]
    public void Anchor_is_p_and_the_first_10_hex_digits_of_the_sha256_of_the_block_source()
    {
        var document = Parse("# Title\n\nA paragraph with **bold** and [a link](https://example.org).\n\n关爱留守儿童。");

        Assert.Equal(
            [ExpectedAnchor("# Title"), ExpectedAnchor("A paragraph with **bold** and [a link](https://example.org)."), ExpectedAnchor("关爱留守儿童。")],
            document.Blocks.Select(b => b.Anchor));
        Assert.All(document.Blocks, b => Assert.Matches("^p-[0-9a-f]{10}$", b.Anchor));
    }

    [Fact]
    public void Block_text_is_its_markdown_source()
    {
        var document = Parse("A paragraph with **bold**,\na second line and [a link](https://example.org).\n\n- one\n- two");

        Assert.Equal(["A paragraph with **bold**,\na second line and [a link](https://example.org).", "- one\n- two"], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Unchanged_paragraph_keeps_its_anchor_in_a_later_version_in_which_others_changed()
    {
        var v1 = Parse("Intro.\n\nThe paragraph that stays.\n\nOld ending.");
        var v2 = Parse("A new intro.\n\nThe paragraph that stays.\n\nA new ending.");

        Assert.Equal(v1.Blocks[1].Anchor, v2.Blocks[1].Anchor);
        Assert.NotNull(v2.Find(v1.Blocks[1].Anchor));
    }

    [Fact]
    public void Moved_block_keeps_its_anchor()
    {
        var v1 = Parse("First.\n\nSecond.\n\n- a list\n- that moves\n\nFourth.");
        var v2 = Parse("- a list\n- that moves\n\nFirst.\n\nFourth.\n\nSecond.");

        Assert.Equal(v1.Blocks.Select(b => b.Anchor).Order(StringComparer.Ordinal), v2.Blocks.Select(b => b.Anchor).Order(StringComparer.Ordinal));
        Assert.Equal(v1.Blocks[2].Anchor, v2.Blocks[0].Anchor);
    }

    [Fact]
    public void Inserting_and_deleting_blocks_does_not_change_the_anchors_of_the_others()
    {
        var original = Anchors("One.\n\nTwo.\n\nThree.\n\nFour.");

        var inserted = Anchors("Zero.\n\nOne.\n\nTwo.\n\nOne and a half.\n\nThree.\n\nFour.");
        var deleted = Anchors("One.\n\nThree.");

        Assert.Equal([original[0], original[1], original[2], original[3]], [inserted[1], inserted[2], inserted[4], inserted[5]]);
        Assert.Equal([original[0], original[2]], deleted);
    }

    [Theory]
    [InlineData("The training lasts two days.", "The training lasts three days.")]
    [InlineData("The training lasts two days.", "The training lasts two days!")]
    [InlineData("The training lasts two days.", "The Training lasts two days.")]
    [InlineData("每所学校配备至少一名生活老师。", "每所学校配备至少两名生活老师。")]
    [InlineData("- one\n- two", "- one\n- two\n- three")]
    public void Edited_block_gets_a_new_anchor(string before, string after)
    {
        Assert.NotEqual(AnchorOf($"Intro.\n\n{before}", before), AnchorOf($"Intro.\n\n{after}", after));
    }

    [Theory]
    [InlineData("Intro.\n\nThe paragraph.   \n\nEnd.")]
    [InlineData("Intro.\r\n\r\nThe paragraph.\r\n\r\nEnd.")]
    [InlineData("Intro.\r\rThe paragraph.\r\rEnd.")]
    [InlineData("Intro.  \n\n\n\nThe paragraph.\t\n\nEnd.\n\n\n")]
    public void Trailing_spaces_and_other_line_endings_do_not_change_anchors(string variant)
    {
        var plain = Anchors("Intro.\n\nThe paragraph.\n\nEnd.");

        Assert.Equal(plain, Anchors(variant));
    }

    [Fact]
    public void Crlf_inside_a_multi_line_block_does_not_change_its_anchor()
    {
        Assert.Equal(Anchors("- one\n- two\n\nLine one\nline two"), Anchors("- one\r\n- two\r\n\r\nLine one  \r\nline two"));
    }

    [Fact]
    public void Body_is_stored_with_newlines_only()
    {
        Assert.Equal("One.\n\nTwo.\nThree.", Parse("One.\r\n\r\nTwo.\rThree.").Body);
    }

    [Fact]
    public void Identical_paragraphs_get_suffixes_2_and_3_in_order_of_appearance()
    {
        var anchors = Anchors("Same.\n\nOther.\n\nSame.\n\nSame.");

        var first = ExpectedAnchor("Same.");
        Assert.Equal([first, ExpectedAnchor("Other."), first + "-2", first + "-3"], anchors);
    }

    public static TheoryData<string, string, string> SingleBlocks => new()
    {
        // name, Markdown, the element it renders as
        { "paragraph of several lines", "Line one\nline two\nline three", "p" },
        { "ATX heading", "## A heading", "h2" },
        { "setext heading", "A heading\n=========", "h1" },
        { "bullet list", "- one\n- two\n\n  still two\n- three", "ul" },
        { "ordered list", "1. one\n2. two\n3. three", "ol" },
        { "task list", "- [x] done\n- [ ] to do", "ul" },
        { "nested list", "- one\n  - one a\n  - one b\n- two", "ul" },
        { "table", "| Task | Hours |\n|---|---|\n| Visits | 8 |\n| Records | 4 |", "table" },
        { "fenced code block with a blank line inside", "```\nline 1\n\nline 3\n```", "pre" },
        { "indented code block", "    line 1\n    line 2", "pre" },
        { "block quote of two paragraphs", "> quoted\n>\n> still quoted", "blockquote" },
        { "thematic break", "---", "hr" },
    };

    [Theory]
    [MemberData(nameof(SingleBlocks))]
    public void Each_markdown_construct_is_one_block(string name, string markdown, string element)
    {
        var document = Parse($"Before.\n\n{markdown}\n\nAfter.");

        Assert.True(document.Blocks.Count == 3, $"{name}: {document.Blocks.Count} blocks: {string.Join(" | ", document.Blocks.Select(b => b.Text))}");
        Assert.Equal(markdown, document.Blocks[1].Text);
        Assert.True(document.Blocks[1].Amendable);
        using var html = Html.Parse(document.Html);
        Assert.Equal(["p", element, "p"], Html.TopLevelElements(html).Select(e => e.LocalName));
    }

    [Fact]
    public void Link_reference_definitions_are_not_blocks_but_their_links_still_work()
    {
        var document = Parse("[r]: https://example.org/first\n\nSee [the report][r].\n\n[s]: https://example.org/second \"Title\"\n\nAnd [the other][s].");

        Assert.Equal(["See [the report][r].", "And [the other][s]."], document.Blocks.Select(b => b.Text));
        using var html = Html.Parse(document.Html);
        Assert.Equal(["https://example.org/first", "https://example.org/second"], html.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Footnotes_form_one_block_that_cannot_be_amended()
    {
        var document = Parse("A claim[^1].\n\n[^1]: The first source.\n\nAnother claim[^2].\n\n[^2]: The second source.");

        Assert.Equal(3, document.Blocks.Count);
        Assert.Equal(["A claim[^1].", "Another claim[^2]."], document.Blocks.Where(b => b.Amendable).Select(b => b.Text));
        var footnotes = Assert.Single(document.Blocks, b => !b.Amendable);
        Assert.Contains("The first source.", footnotes.Text, StringComparison.Ordinal);
        Assert.Contains("The second source.", footnotes.Text, StringComparison.Ordinal);
        Assert.Matches("^p-[0-9a-f]{10}$", footnotes.Anchor);
    }

    [Fact]
    public void Footnote_block_text_is_the_markdown_source_of_its_definitions_labels_included()
    {
        var document = Parse("A claim[^1].\n\n[^1]: The first source.");

        var footnotes = Assert.Single(document.Blocks, b => !b.Amendable);
        Assert.Equal("[^1]: The first source.", footnotes.Text);
    }

    public static TheoryData<string, string> Documents => new()
    {
        { "paragraphs and headings", "# Title\n\nIntro.\n\n## Part\n\nText.\n\nSetext\n------" },
        { "lists", "Intro.\n\n- one\n- two\n\n1. first\n2. second\n\n- [ ] task" },
        { "table", "Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |" },
        { "block quote and thematic break", "Intro.\n\n> quoted\n\n---\n\nEnd." },
        { "fenced code block", "Intro.\n\n```\ncode\n```\n\nEnd." },
        { "indented code block", "Intro.\n\n    code\n\nEnd." },
        { "footnotes", "A claim[^1].\n\n[^1]: The source.\n\nEnd." },
        { "duplicates", "Same.\n\nSame." },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_top_level_element_of_the_html_carries_the_anchor_of_its_block_as_id(string name, string body)
    {
        var document = Parse(body);

        using var html = Html.Parse(document.Html);
        var elements = Html.TopLevelElements(html);
        Assert.True(elements.Count == document.Blocks.Count,
            $"{name}: {elements.Count} top-level elements for {document.Blocks.Count} blocks:{Environment.NewLine}{document.Html}");
        var ids = elements.Select(e => $"<{e.LocalName} id=\"{e.Id}\">").ToList();
        var expected = elements.Zip(document.Blocks, (e, b) => $"<{e.LocalName} id=\"{b.Anchor}\">").ToList();
        Assert.True(expected.SequenceEqual(ids), $"{name}: the top-level elements are{Environment.NewLine}  {string.Join(" ", ids)}{Environment.NewLine}but should be{Environment.NewLine}  {string.Join(" ", expected)}{Environment.NewLine}{document.Html}");
    }

    [Fact]
    public void Find_returns_the_block_with_an_anchor_and_null_for_an_unknown_one()
    {
        var document = Parse("One.\n\nTwo.");

        Assert.Equal("Two.", document.Find(ExpectedAnchor("Two."))?.Text);
        Assert.Null(document.Find(ExpectedAnchor("Three.")));
        Assert.Null(document.Find("p-zzzzzzzzzz"));
    }

    [Theory]
    [InlineData("p-0123456789", true)]
    [InlineData("p-0123456789-2", true)]
    [InlineData("p-012345678", false)]
    [InlineData("x-0123456789", false)]
    [InlineData("p-01234567g9", false)]
    [InlineData("p-0123456789\"><script>", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAnchor_accepts_only_the_anchor_format(string? value, bool expected)
    {
        Assert.Equal(expected, DraftDocument.IsAnchor(value));
    }

    public static TheoryData<string, string> ReplaceableBlocks => new()
    {
        { "paragraph", "The old paragraph." },
        { "heading", "## Old heading" },
        { "bullet list", "- one\n- two" },
        { "loose ordered list", "1. one\n\n2. two" },
        { "table", "| a | b |\n|---|---|\n| 1 | 2 |" },
        { "fenced code block", "```\ncode\n```" },
        { "indented code block", "    code" },
        { "block quote", "> quoted\n> more" },
    };

    [Theory]
    [MemberData(nameof(ReplaceableBlocks))]
    public void Replace_swaps_exactly_one_block_and_leaves_its_neighbours_as_they_were(string name, string block)
    {
        var document = Parse($"Before.\n\n{block}\n\nAfter.");

        var replaced = Parse(document.Replace(document.Blocks[1], "The new paragraph."));

        Assert.True(
            new[] { "Before.", "The new paragraph.", "After." }.SequenceEqual(replaced.Blocks.Select(b => b.Text)),
            $"Replacing the {name} gave the blocks{Environment.NewLine}  {string.Join(" | ", replaced.Blocks.Select(b => b.Text.Replace("\n", "\\n", StringComparison.Ordinal)))}{Environment.NewLine}from the body{Environment.NewLine}  {replaced.Body.Replace("\n", "\\n", StringComparison.Ordinal)}");
        Assert.Equal(document.Blocks[0].Anchor, replaced.Blocks[0].Anchor);
        Assert.Equal(document.Blocks[2].Anchor, replaced.Blocks[2].Anchor);
    }

    [Fact]
    public void Replace_works_on_the_first_and_the_last_block_and_with_several_blocks_of_replacement()
    {
        var document = Parse("First.\n\nMiddle.\n\nLast.");

        Assert.Equal("New first.\n\nMiddle.\n\nLast.", document.Replace(document.Blocks[0], "New first."));
        Assert.Equal("First.\n\nMiddle.\n\nNew last.", document.Replace(document.Blocks[2], "New last.\r\n"));
        Assert.Equal(["First.", "Two", "paragraphs.", "Last."], Parse(document.Replace(document.Blocks[1], "Two\r\n\r\nparagraphs.")).Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Replace_leaves_identical_blocks_elsewhere_alone()
    {
        var document = Parse("Same.\n\nOther.\n\nSame.");

        var replaced = document.Replace(Assert.Single(document.Blocks, b => b.Anchor.EndsWith("-2", StringComparison.Ordinal)), "Changed.");

        Assert.Equal("Same.\n\nOther.\n\nChanged.", replaced);
    }
}
