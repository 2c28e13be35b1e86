using AngleSharp.Dom;
using ChildForum.Core.Markdown;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Documents;

/// <summary>Block by block, then word by word inside a modified block; the diff's HTML for people and screen readers.</summary>
public sealed class DraftDiffTests
{
    private static readonly MarkdownRenderer Markdown = new(TimeSpan.FromSeconds(30));

    private static readonly DiffLabels Labels = new("Inserted:", "Deleted:", "Changed paragraph:", "Moved:", "(end of insertion)", "(end of deletion)");

    private static DraftDocument Parse(string body) => DraftDocument.Parse(body, Markdown);

    private static IReadOnlyList<DiffChange> Compare(string from, string to) => DraftDiff.Compare(Parse(from), Parse(to));

    private static string Ops(IEnumerable<DiffChange> changes) => string.Join(" ", changes.Select(c => c.Op));

    [Fact]
    public void Same_text_is_all_equal_with_the_blocks_anchors()
    {
        const string body = "# Title\n\nOne.\n\n- a\n- b\n\nTwo.";

        var changes = Compare(body, body);

        Assert.Equal("equal equal equal equal", Ops(changes));
        Assert.Equal(Parse(body).Blocks.Select(b => b.Anchor), changes.Select(c => c.Anchor));
        Assert.All(changes, c => Assert.Equal(c.Before, c.After));
    }

    [Fact]
    public void Added_block_is_an_insert_with_its_anchor_in_the_newer_version()
    {
        var to = Parse("One.\n\nA new paragraph.\n\nTwo.");

        var changes = DraftDiff.Compare(Parse("One.\n\nTwo."), to);

        Assert.Equal("equal insert equal", Ops(changes));
        var insert = changes[1];
        Assert.Equal((to.Blocks[1].Anchor, (string?)null, "A new paragraph.", false), (insert.Anchor, insert.Before, insert.After, insert.Moved));
    }

    [Fact]
    public void Removed_block_is_a_delete_with_its_anchor_in_the_older_version()
    {
        var from = Parse("One.\n\nA paragraph that goes.\n\nTwo.");

        var changes = DraftDiff.Compare(from, Parse("One.\n\nTwo."));

        Assert.Equal("equal delete equal", Ops(changes));
        var delete = changes[1];
        Assert.Equal((from.Blocks[1].Anchor, "A paragraph that goes.", (string?)null, false), (delete.Anchor, delete.Before, delete.After, delete.Moved));
    }

    [Fact]
    public void Edited_block_is_one_modify_with_both_anchors_and_the_changed_words()
    {
        var from = Parse("One.\n\nEach new child director attends a two-day training.\n\nTwo.");
        var to = Parse("One.\n\nEach new child director attends a three-day training.\n\nTwo.");

        var changes = DraftDiff.Compare(from, to);

        Assert.Equal("equal modify equal", Ops(changes));
        var modify = changes[1];
        Assert.Equal((to.Blocks[1].Anchor, from.Blocks[1].Anchor), (modify.Anchor, modify.PreviousAnchor));
        Assert.Equal((from.Blocks[1].Text, to.Blocks[1].Text), (modify.Before, modify.After));
        Assert.NotNull(modify.Words);
        Assert.Equal([("delete", "two"), ("insert", "three")], modify.Words.Where(w => w.Op != "equal").Select(w => (w.Op, w.Text)));
    }

    [Fact]
    public void Block_replaced_by_unrelated_text_is_a_delete_and_an_insert_not_a_modify()
    {
        var changes = Compare("One.\n\nThe training covers spotting neglect.\n\nTwo.", "One.\n\nFunding comes from the county budget for 2027.\n\nTwo.");

        Assert.Equal(["delete", "insert"], changes.Where(c => c.Op != "equal").Select(c => c.Op));
        Assert.All(changes, c => Assert.False(c.Moved));
    }

    [Fact]
    public void Moved_block_is_a_delete_and_an_insert_with_the_same_anchor_both_marked_moved()
    {
        var from = Parse("Alpha.\n\nBeta.\n\nGamma.\n\nDelta.");
        var to = Parse("Beta.\n\nGamma.\n\nDelta.\n\nAlpha.");

        var changes = DraftDiff.Compare(from, to);

        var delete = Assert.Single(changes, c => c.Op == "delete");
        var insert = Assert.Single(changes, c => c.Op == "insert");
        Assert.Equal(from.Blocks[0].Anchor, delete.Anchor);
        Assert.Equal(delete.Anchor, insert.Anchor);
        Assert.True(delete.Moved && insert.Moved, "Both halves of a move say moved: true.");
        Assert.Equal(("Alpha.", (string?)null), (delete.Before, delete.After));
        Assert.Equal(((string?)null, "Alpha."), (insert.Before, insert.After));
        Assert.Equal(3, changes.Count(c => c.Op == "equal"));
        Assert.DoesNotContain(changes, c => c.Op == "modify");
    }

    [Fact]
    public void Move_edit_insert_and_delete_together_are_each_reported_once()
    {
        var from = Parse("Alpha one.\n\nBeta two.\n\nGamma three is here.\n\nDelta.\n\nOmega goes.");
        var to = Parse("Beta two.\n\nGamma three is now there.\n\nDelta.\n\nAlpha one.\n\nEpsilon new.");

        var changes = DraftDiff.Compare(from, to);

        Assert.Equal(
            new[]
            {
                ("delete", "Alpha one.", true), ("delete", "Omega goes.", false), ("equal", "Beta two.", false), ("equal", "Delta.", false),
                ("insert", "Alpha one.", true), ("insert", "Epsilon new.", false), ("modify", "Gamma three is now there.", false),
            },
            changes.Select(c => (c.Op, c.After ?? c.Before!, c.Moved)).Order());
    }

    [Fact]
    public void Every_block_of_both_versions_appears_in_the_diff()
    {
        var from = Parse("A.\n\nB.\n\nC.\n\nD.\n\nE.");
        var to = Parse("E.\n\nB.\n\nC changed.\n\nX.\n\nA.");

        var changes = DraftDiff.Compare(from, to);

        Assert.Equal(from.Blocks.Select(b => b.Text).Order(StringComparer.Ordinal), changes.Where(c => c.Op != "insert").Select(c => c.Before!).Order(StringComparer.Ordinal));
        Assert.Equal(to.Blocks.Select(b => b.Text).Order(StringComparer.Ordinal), changes.Where(c => c.Op != "delete").Select(c => c.After!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Word_diff_of_an_english_sentence_marks_only_the_changed_words()
    {
        const string before = "A child director who is worried about a child contacts the township social work station.";
        const string after = "A child director who is worried about a child contacts that named person the same day.";

        var words = DraftDiff.WordDiff(before, after);

        Assert.Equal(before, string.Concat(words.Where(w => w.Op != "insert").Select(w => w.Text)));
        Assert.Equal(after, string.Concat(words.Where(w => w.Op != "delete").Select(w => w.Text)));
        Assert.Equal("A child director who is worried about a child contacts ", words[0].Text);
        Assert.Equal([("delete", "the township social work station"), ("insert", "that named person the same day")],
            words.Where(w => w.Op != "equal").Select(w => (w.Op, w.Text)));
    }

    [Fact]
    public void Word_diff_marks_a_single_changed_word_and_keeps_the_rest_equal()
    {
        var words = DraftDiff.WordDiff("Directors attend a two-day training every year.", "Directors attend a three-day training every year.");

        Assert.Equal([("equal", "Directors attend a "), ("delete", "two"), ("insert", "three"), ("equal", "-day training every year.")], words.Select(w => (w.Op, w.Text)));
    }

    [Fact]
    public void Word_diff_of_chinese_text_compares_character_by_character()
    {
        const string before = "每所寄宿制学校配备至少一名生活老师。";
        const string after = "每所寄宿制学校按学生人数配备一名生活老师。";

        var words = DraftDiff.WordDiff(before, after);

        Assert.Equal(before, string.Concat(words.Where(w => w.Op != "insert").Select(w => w.Text)));
        Assert.Equal(after, string.Concat(words.Where(w => w.Op != "delete").Select(w => w.Text)));
        Assert.Equal("至少", string.Concat(words.Where(w => w.Op == "delete").Select(w => w.Text)));
        Assert.Equal("按学生人数", string.Concat(words.Where(w => w.Op == "insert").Select(w => w.Text)));
    }

    [Fact]
    public void Word_diff_of_chinese_text_marks_one_changed_character_and_not_its_neighbours()
    {
        var words = DraftDiff.WordDiff("三、学校每学期向家长通报。", "三、学校每学年向家长通报。");

        Assert.Equal([("equal", "三、学校每学"), ("delete", "期"), ("insert", "年"), ("equal", "向家长通报。")], words.Select(w => (w.Op, w.Text)));
    }

    [Fact]
    public void Tokens_are_words_spaces_and_punctuation_and_each_han_character_on_its_own()
    {
        Assert.Equal(["Child", " ", "director's", " ", "2027", " ", "plan", "."], DraftDiff.Tokenize("Child director's 2027 plan."));
        Assert.Equal(["留", "守", "儿", "童", "，", "寄", "宿", "制"], DraftDiff.Tokenize("留守儿童，寄宿制"));
        Assert.Equal(["SMS", "短", "信"], DraftDiff.Tokenize("SMS短信"));
    }

    [Fact]
    public void Diff_html_marks_inserted_and_deleted_blocks_with_ins_and_del_and_words_for_screen_readers()
    {
        var from = Parse("Kept.\n\nRemoved paragraph.");
        var to = Parse("Kept.\n\nAn entirely different addition.");

        using var html = Html.Parse(DraftDiff.ToHtml(DraftDiff.Compare(from, to), from, to, Labels));

        var del = Assert.Single(html.QuerySelectorAll("del.diff-block"));
        var ins = Assert.Single(html.QuerySelectorAll("ins.diff-block"));
        Assert.Equal(from.Blocks[1].Anchor, del.GetAttribute("data-anchor"));
        Assert.Equal(to.Blocks[1].Anchor, ins.GetAttribute("data-anchor"));
        Assert.Equal(["Deleted:", "(end of deletion)"], del.QuerySelectorAll(".visually-hidden").Select(s => s.TextContent.Trim()));
        Assert.Equal(["Inserted:", "(end of insertion)"], ins.QuerySelectorAll(".visually-hidden").Select(s => s.TextContent.Trim()));
        Assert.Equal("Removed paragraph.", del.QuerySelector("p")?.TextContent);
        Assert.Equal("An entirely different addition.", ins.QuerySelector("p")?.TextContent);
        var equal = Assert.Single(html.QuerySelectorAll(".diff-equal"));
        Assert.Equal("Kept.", equal.TextContent.Trim());
        Assert.Empty(equal.QuerySelectorAll("ins, del"));
    }

    [Fact]
    public void Diff_html_labels_a_moved_block_as_moved()
    {
        var from = Parse("Alpha.\n\nBeta.\n\nGamma.");
        var to = Parse("Beta.\n\nGamma.\n\nAlpha.");

        using var html = Html.Parse(DraftDiff.ToHtml(DraftDiff.Compare(from, to), from, to, Labels));

        foreach (var block in html.QuerySelectorAll("ins.diff-block, del.diff-block"))
        {
            Assert.Equal("Moved:", block.QuerySelector(".visually-hidden")?.TextContent.Trim());
        }
        Assert.Equal(2, html.QuerySelectorAll("ins.diff-block, del.diff-block").Length);
    }

    [Fact]
    public void Diff_html_of_a_modified_block_marks_the_words_with_ins_and_del_and_hidden_labels()
    {
        var from = Parse("Each new child director attends a two-day training.");
        var to = Parse("Each new child director attends a three-day training.");

        using var html = Html.Parse(DraftDiff.ToHtml(DraftDiff.Compare(from, to), from, to, Labels));

        var block = Assert.Single(html.QuerySelectorAll(".diff-modify"));
        Assert.Equal("Changed paragraph:", block.Children[0].TextContent.Trim());
        Assert.Equal(["two"], block.QuerySelectorAll("del").Select(Visible));
        Assert.Equal(["three"], block.QuerySelectorAll("ins").Select(Visible));
        Assert.Equal(["Deleted:", "(end of deletion)"], block.QuerySelectorAll("del .visually-hidden").Select(s => s.TextContent.Trim()));
        Assert.Equal(["Inserted:", "(end of insertion)"], block.QuerySelectorAll("ins .visually-hidden").Select(s => s.TextContent.Trim()));
    }

    [Fact]
    public void Diff_html_shows_the_markdown_source_of_a_modified_block_as_escaped_text()
    {
        var from = Parse("See **the report** and <b>this</b> & [that](https://example.org).");
        var to = Parse("See **the report** and <script>alert(1)</script> & [that](https://example.org) <img src=x onerror=alert(1)>.");

        var diff = DraftDiff.ToHtml(DraftDiff.Compare(from, to), from, to, Labels);

        using var html = Html.Parse(diff);
        Assert.Empty(html.QuerySelectorAll("script, img, b, strong, a"));
        var words = Assert.Single(html.QuerySelectorAll(".diff-words"));
        Assert.Equal(from.Blocks[0].Text, Visible(words, without: "ins"));
        Assert.Equal(to.Blocks[0].Text, Visible(words, without: "del"));
        Html.AssertInert("diff html", "(unit)", diff);
    }

    /// <summary>The text a sighted reader sees in a mark: without the visually hidden labels.</summary>
    private static string Visible(IElement mark) => Visible(mark, without: null);

    /// <summary>The visible text without the visually hidden labels and, when named, without the insertions or deletions.</summary>
    private static string Visible(IElement mark, string? without)
    {
        var clone = (IElement)mark.Clone();
        foreach (var hidden in clone.QuerySelectorAll(without is null ? ".visually-hidden" : $".visually-hidden, {without}").ToList())
        {
            hidden.Remove();
        }
        return clone.TextContent;
    }
}
