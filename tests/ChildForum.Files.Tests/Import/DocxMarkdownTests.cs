using ChildForum.Files.Import;

namespace ChildForum.Files.Tests.Import;

/// <summary>The Word → Markdown conversion on its own: exact Markdown for every construct the import keeps, and counts of
/// what it leaves out.</summary>
public sealed class DocxMarkdownTests
{
    [Fact]
    public void A_document_of_every_kept_construct_becomes_exactly_this_Markdown()
    {
        using var stream = new MemoryStream(WordFile.Rich());

        var conversion = DocxMarkdown.Convert(stream);

        Assert.Equal(WordFile.RichMarkdown(), conversion.Markdown);
        Assert.Equal((1, 1, true), (conversion.Images, conversion.Comments, conversion.TrackedChanges));
        Assert.Equal("Draft regulation 条例草案", conversion.Title);
    }

    [Fact]
    public void The_title_property_wins_over_the_first_heading_and_a_plain_document_has_no_title_and_no_notes()
    {
        using var titled = new MemoryStream(WordFile.Titled("关于加强农村留守儿童关爱保护的意见", "正文。"));
        using var plain = new MemoryStream(WordFile.Paragraphs("Only text.", "- not a list", "# not a heading"));

        var fromProperty = DocxMarkdown.Convert(titled);
        var untitled = DocxMarkdown.Convert(plain);

        Assert.Equal("关于加强农村留守儿童关爱保护的意见", fromProperty.Title);
        Assert.Null(untitled.Title);
        Assert.Equal("Only text.\n\n\\- not a list\n\n\\# not a heading", untitled.Markdown);
        Assert.Equal((0, 0, false), (untitled.Images, untitled.Comments, untitled.TrackedChanges));
    }
}
