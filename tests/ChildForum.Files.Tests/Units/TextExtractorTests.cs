using System.Text;
using ChildForum.Files.Extraction;
using ChildForum.Files.Inspection;
using ChildForum.Files.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.Files.Tests.Units;

/// <summary>The text taken out of each kind of file, from a file on disk as the upload stages it.</summary>
public sealed class TextExtractorTests : IDisposable
{
    private readonly TextExtractor _extractor = new(NullLogger<TextExtractor>.Instance);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "extract-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    private ExtractedText Extract(byte[] bytes, FileType type)
    {
        File.WriteAllBytes(_path, bytes);
        return _extractor.Extract(_path, type, CancellationToken.None);
    }

    [Fact]
    public void A_pdf_gives_its_text_page_by_page()
    {
        var pages = Extract(OfficeFiles.SurveyPdf(), FileType.Pdf).Text.Split(ExtractedText.PageBreak);

        Assert.True(pages.Length == 2, string.Join("|", pages));
        Assert.Contains("survey method", pages[0], StringComparison.Ordinal);
        Assert.DoesNotContain("留守儿童", pages[0], StringComparison.Ordinal);
        Assert.Contains("Guardianship", pages[1], StringComparison.Ordinal);
        Assert.True(pages[1].Contains("Guardianship arrangements", StringComparison.Ordinal), pages[1]);
        Assert.Contains("农村留守儿童的监护状况需要改善", pages[1].Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_gives_its_paragraphs_tables_and_footnotes()
    {
        var text = Extract(OfficeFiles.Docx(["Draft regulation on guardianship", "监护条例草案"], cell: "Article 3 第三条", footnote: "See the 2016 opinion 意见"), FileType.Docx);

        Assert.Equal(["Draft regulation on guardianship", "监护条例草案", "Article 3 第三条", "", "See the 2016 opinion 意见"], text.Text.TrimEnd('\n').Split('\n'));
        Assert.False(text.Truncated);
    }

    [Fact]
    public void An_xlsx_gives_its_cell_values()
    {
        var text = Extract(OfficeFiles.Xlsx(["County 县", "Children"], ["Xiangxi 湘西", "1250"]), FileType.Xlsx).Text;

        Assert.Equal("County 县\tChildren\t\nXiangxi 湘西\t1250\t\n", text);
    }

    [Fact]
    public void Text_markdown_and_csv_are_read_as_utf8()
    {
        Assert.Equal("# 标题\nBody", Extract(Encoding.UTF8.GetBytes("# 标题\nBody"), FileType.Markdown).Text);
        Assert.Equal("a,b\n县,1\n", Extract(Encoding.UTF8.GetBytes("a,b\n县,1\n"), FileType.Csv).Text);
    }

    [Fact]
    public void Text_beyond_the_limit_is_cut_and_said_to_be()
    {
        var text = Extract(Encoding.UTF8.GetBytes(new string('a', TextExtractor.MaxChars + 10)), FileType.Text);

        Assert.Equal(TextExtractor.MaxChars, text.Text.Length);
        Assert.True(text.Truncated);
    }

    [Fact]
    public void Images_and_odt_have_no_text_and_a_damaged_pdf_has_none_without_an_error()
    {
        Assert.Equal(ExtractedText.None, Extract(SampleFiles.Png(), FileType.Png));
        Assert.Equal(ExtractedText.None, Extract(SampleFiles.Odt(), FileType.Odt));
        Assert.Equal(ExtractedText.None, Extract(SampleFiles.Pdf(), FileType.Pdf));
        Assert.Equal(ExtractedText.None, Extract(OfficeFiles.SurveyPdf()[..4000], FileType.Pdf));
    }
}
