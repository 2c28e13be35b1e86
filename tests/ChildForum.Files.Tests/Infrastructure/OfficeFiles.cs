using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ChildForum.Files.Tests.Infrastructure;

/// <summary>Real Office files built with the Open XML SDK, and the PDF fixture made with Chromium (Fixtures/README.md).</summary>
public static class OfficeFiles
{
    /// <summary>The two-page PDF: English on page 1, English and Chinese on page 2.</summary>
    public static byte[] SurveyPdf() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "survey-zh-en.pdf"));

    /// <summary>A DOCX with <paramref name="paragraphs"/> in its body, <paramref name="cell"/> in a table and
    /// <paramref name="footnote"/> in a footnote.</summary>
    public static byte[] Docx(IEnumerable<string> paragraphs, string cell = "table cell", string footnote = "footnote text")
    {
        using var buffer = new MemoryStream();
        using (var word = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new W.Body(paragraphs.Select(Paragraph));
            body.Append(new W.Table(new W.TableRow(new W.TableCell(Paragraph(cell)))));
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new W.Footnotes(new W.Footnote(Paragraph(footnote)) { Id = 1 });
            body.Append(new W.Paragraph(new W.Run(new W.FootnoteReference { Id = 1 })));
            main.Document = new W.Document(body);
        }
        return buffer.ToArray();
    }

    /// <summary>An XLSX with the rows of <paramref name="cells"/>, text as shared strings and numbers as numbers.</summary>
    public static byte[] Xlsx(params string[][] cells)
    {
        using var buffer = new MemoryStream();
        using (var excel = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = excel.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in cells)
            {
                data.Append(new Row(row.Select(value => double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)
                    ? new Cell { CellValue = new CellValue(value), DataType = CellValues.Number }
                    : new Cell { CellValue = new CellValue(Share(strings.SharedStringTable, value)), DataType = CellValues.SharedString })));
            }
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Data" }));
        }
        return buffer.ToArray();
    }

    private static int Share(SharedStringTable table, string value)
    {
        table.Append(new SharedStringItem(new Text(value)));
        return table.ChildElements.Count - 1;
    }

    private static W.Paragraph Paragraph(string text) => new(new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
}
