using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ChildForum.Files.Tests.Import;

/// <summary>Word documents built with the Open XML SDK, as Word writes them: heading styles with Chinese Word's ids
/// ("1", "2") and English names ("heading 1"), numbering definitions for bullets and numbers, footnotes, comments,
/// hyperlink relationships and tracked changes.</summary>
public static class WordFile
{
    public const int BulletList = 1;
    public const int NumberedList = 2;

    /// <summary>A document of everything the import converts, leaves out or accepts (see <see cref="RichMarkdown"/>).</summary>
    public static byte[] Rich(string? title = null, string ageClause = "18") => Build(title, (main, body) =>
    {
        var link = main.AddHyperlinkRelationship(new Uri("https://example.org/a b"), true).Id;
        var script = main.AddHyperlinkRelationship(new Uri("javascript:alert(1)"), true).Id;
        body.Append(
            Styled("1", Run("Draft regulation 条例草案")),
            new Paragraph(Run("This is "), Run("bold", bold: true), Run(" and "), Run("italic", italic: true), Run(" text: a_b * c [x].")),
            Styled("2", Run("Article 1 第一条")),
            Item(BulletList, 0, "First"),
            Item(BulletList, 1, "Nested"),
            Item(BulletList, 0, "Second"),
            Item(NumberedList, 0, "One"),
            Item(NumberedList, 0, "Two"),
            Item(NumberedList, 1, "Two point one"),
            new Table(
                new TableRow(Cell("Name"), Cell("Role")),
                new TableRow(Cell("Li"), Cell("Chair|person"))),
            new Paragraph(Run("Children first"), new Run(new FootnoteReference { Id = 1 }),
                new CommentRangeStart { Id = "0" }, Run(" 儿童优先"), new CommentRangeEnd { Id = "0" }, new Run(new CommentReference { Id = "0" })),
            new Paragraph(new Hyperlink(Run("UNICEF")) { Id = link }, Run(" and "), new Hyperlink(Run("click me")) { Id = script }),
            new Paragraph(Run("Map below"), new Run(new Drawing())),
            new Paragraph(Run("The age is "),
                new InsertedRun(Run(ageClause)) { Id = "1", Author = "Li", Date = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) },
                new DeletedRun(new Run(new DeletedText("16"))) { Id = "2", Author = "Li", Date = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) }),
            new Paragraph(Run("Line one"), new Run(new Break()), Run("Line two")),
            new Paragraph(Run("1. Not a list")));
        var footnotes = main.AddNewPart<FootnotesPart>();
        footnotes.Footnotes = new Footnotes(
            new Footnote(new Paragraph(Run(""))) { Id = -1, Type = FootnoteEndnoteValues.Separator },
            new Footnote(new Paragraph(new Run(new FootnoteReferenceMark()), Run(" UN Convention, art. 3."))) { Id = 1 });
        var comments = main.AddNewPart<WordprocessingCommentsPart>();
        comments.Comments = new Comments(new Comment(new Paragraph(Run("Check the source"))) { Id = "0", Author = "Wang" });
    });

    /// <summary>The Markdown of <see cref="Rich"/>.</summary>
    public static string RichMarkdown(string ageClause = "18") => $"""
        # Draft regulation 条例草案

        This is **bold** and *italic* text: a\_b \* c \[x\].

        ## Article 1 第一条

        - First
            - Nested
        - Second

        1. One
        2. Two
            1. Two point one

        | Name | Role |
        | --- | --- |
        | Li | Chair\|person |

        Children first[^1] 儿童优先

        [UNICEF](<https://example.org/a%20b>) and click me

        Map below

        The age is {ageClause}

        Line one\
        Line two

        1\. Not a list

        [^1]: UN Convention, art. 3.
        """;

    /// <summary>A document of plain paragraphs.</summary>
    public static byte[] Paragraphs(params string[] paragraphs) =>
        Build(null, (_, body) => body.Append(paragraphs.Select(p => new Paragraph(Run(p)))));

    /// <summary>A document whose core properties give a title.</summary>
    public static byte[] Titled(string title, params string[] paragraphs) =>
        Build(title, (_, body) => body.Append(paragraphs.Select(p => new Paragraph(Run(p)))));

    private static byte[] Build(string? title, Action<MainDocumentPart, Body> fill)
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "a", Default = true },
                new Style(new StyleName { Val = "heading 1" }, new BasedOn { Val = "a" }) { Type = StyleValues.Paragraph, StyleId = "1" },
                new Style(new StyleName { Val = "heading 2" }, new BasedOn { Val = "a" }) { Type = StyleValues.Paragraph, StyleId = "2" });
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                Abstract(10, NumberFormatValues.Bullet),
                Abstract(20, NumberFormatValues.Decimal),
                new NumberingInstance(new AbstractNumId { Val = 10 }) { NumberID = BulletList },
                new NumberingInstance(new AbstractNumId { Val = 20 }) { NumberID = NumberedList });
            fill(main, body);
            if (title is not null)
            {
                document.PackageProperties.Title = title;
            }
        }
        return buffer.ToArray();
    }

    private static AbstractNum Abstract(int id, NumberFormatValues format) => new(
        Enumerable.Range(0, 3).Select(level => new Level(new NumberingFormat { Val = format }, new LevelText { Val = format == NumberFormatValues.Bullet ? "•" : $"%{level + 1}." }) { LevelIndex = level }))
    {
        AbstractNumberId = id,
    };

    private static Run Run(string text, bool bold = false, bool italic = false)
    {
        var run = new Run();
        if (bold || italic)
        {
            run.Append(Properties(bold, italic));
        }
        run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    private static RunProperties Properties(bool bold, bool italic)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }
        if (italic)
        {
            properties.Append(new Italic());
        }
        return properties;
    }

    private static Paragraph Styled(string styleId, params OpenXmlElement[] content) =>
        new(new OpenXmlElement[] { new ParagraphProperties(new ParagraphStyleId { Val = styleId }) }.Concat(content));

    private static Paragraph Item(int numberingId, int level, string text) => new(
        new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numberingId })),
        Run(text));

    private static TableCell Cell(string text) => new(new Paragraph(Run(text)));
}
