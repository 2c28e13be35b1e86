using System.Text;
using ChildForum.Files.Inspection;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Logging;
using UglyToad.PdfPig;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace ChildForum.Files.Extraction;

/// <summary>The text of a file, for search and for the children's-data guard. PDF pages are separated by a form feed
/// (<c>\f</c>), so the n-th part is page n. <see cref="Truncated"/>: the file had more text than is kept.</summary>
public sealed record ExtractedText(string Text, bool Truncated)
{
    public const char PageBreak = '\f';

    public static readonly ExtractedText None = new("", false);
}

/// <summary>Takes the text out of an uploaded file, from its staged copy on disk, before the file is stored: PDF page
/// by page (PdfPig), DOCX body, tables and footnotes (OpenXmlReader, streamed), XLSX cell values (shared strings and
/// OpenXmlReader), text, Markdown and CSV as UTF-8. Images and ODT have none. At most <see cref="MaxChars"/>
/// characters are kept (about 500 pages of dense text): the rest of a larger file is neither searched nor guarded, and
/// the page count stops there. A file that passed the inspection by content but cannot be parsed (a damaged PDF) is
/// still a file: it gets no text, and the reason is logged without any of its content.</summary>
public sealed class TextExtractor(ILogger<TextExtractor> logger)
{
    public const int MaxChars = 1_000_000;

    public ExtractedText Extract(string path, FileType type, CancellationToken cancellationToken)
    {
        var text = new CappedText(MaxChars);
        try
        {
            if (type == FileType.Pdf)
            {
                Pdf(path, text, cancellationToken);
            }
            else if (type == FileType.Docx)
            {
                Docx(path, text, cancellationToken);
            }
            else if (type == FileType.Xlsx)
            {
                Xlsx(path, text, cancellationToken);
            }
            else if (type.IsText)
            {
                Plain(path, text);
            }
            else
            {
                return ExtractedText.None;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("No text taken out of a {Type} file that passed inspection: {Error} ({Exception}).", type.Name, e.Message, e.GetType().Name);
            return ExtractedText.None;
        }
        return new(text.ToString(), text.Truncated);
    }

    /// <summary>One page in memory at a time, read from the file stream (PdfPig reads the stream as it needs it and
    /// keeps the cross-reference table and page tree: about 17 MB for a 20 MB PDF of 7,835 pages). Words are found by
    /// PdfPig's default extractor, which splits at space glyphs and at gaps wider than a letter's spacing: browsers and
    /// some writers leave out space glyphs. The nearest-neighbour extractor found the same words here with twice the
    /// time and half again as much garbage per page (docs/benchmarks.md, "Documents").</summary>
    private static void Pdf(string path, CappedText text, CancellationToken cancellationToken)
    {
        using var stream = File.OpenRead(path);
        using var pdf = PdfDocument.Open(stream, new ParsingOptions { ClipPaths = false, UseLenientParsing = true });
        for (var number = 1; number <= pdf.NumberOfPages && !text.Full; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (number > 1)
            {
                text.Append(ExtractedText.PageBreak);
            }
            // Fonts that map CJK glyphs to Kangxi radicals or compatibility forms are read as the ideographs a person
            // would type.
            text.Append(string.Join(' ', pdf.GetPage(number).GetWords().Select(w => w.Text.Trim()).Where(w => w.Length > 0)).Normalize(NormalizationForm.FormKC));
        }
    }

    private static void Docx(string path, CappedText text, CancellationToken cancellationToken)
    {
        using var word = WordprocessingDocument.Open(path, false);
        var main = word.MainDocumentPart;
        if (main is null)
        {
            return;
        }
        Paragraphs(main, text, cancellationToken);
        if (main.FootnotesPart is { } footnotes)
        {
            Paragraphs(footnotes, text, cancellationToken);
        }
    }

    /// <summary>The part's runs of text, a line per paragraph (table cells are paragraphs too).</summary>
    private static void Paragraphs(OpenXmlPart part, CappedText text, CancellationToken cancellationToken)
    {
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read() && !text.Full)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.ElementType == typeof(Word.Text) && reader.IsStartElement)
            {
                text.Append(reader.GetText());
            }
            else if (reader.ElementType == typeof(Word.TabChar) && reader.IsStartElement)
            {
                text.Append('\t');
            }
            else if (reader.ElementType == typeof(Word.Paragraph) && reader.IsEndElement)
            {
                text.Append('\n');
            }
        }
    }

    private static void Xlsx(string path, CappedText text, CancellationToken cancellationToken)
    {
        using var excel = SpreadsheetDocument.Open(path, false);
        var workbook = excel.WorkbookPart;
        if (workbook is null)
        {
            return;
        }
        var shared = new List<string>();
        if (workbook.SharedStringTablePart is { } strings)
        {
            using var reader = OpenXmlReader.Create(strings);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                {
                    shared.Add(reader.LoadCurrentElement()!.InnerText);
                }
            }
        }
        foreach (var sheet in workbook.WorksheetParts)
        {
            using var reader = OpenXmlReader.Create(sheet);
            while (reader.Read() && !text.Full)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
                {
                    var cell = (Cell)reader.LoadCurrentElement()!;
                    var value = cell.DataType?.Value == CellValues.SharedString
                        ? int.TryParse(cell.CellValue?.Text, out var index) && index >= 0 && index < shared.Count ? shared[index] : null
                        : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText : cell.CellValue?.Text;
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        text.Append(value);
                        text.Append('\t');
                    }
                }
                else if (reader.ElementType == typeof(Row) && reader.IsEndElement)
                {
                    text.Append('\n');
                }
            }
        }
    }

    private static void Plain(string path, CappedText text)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var buffer = new char[16 * 1024];
        int read;
        while (!text.Full && (read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(new string(buffer, 0, read));
        }
    }

    /// <summary>A string builder that stops at a number of characters and remembers that it did.</summary>
    private sealed class CappedText(int max)
    {
        private readonly StringBuilder _builder = new();

        public bool Full => _builder.Length >= max;
        public bool Truncated { get; private set; }

        public void Append(char c) => Append(c.ToString());

        public void Append(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }
            var room = max - _builder.Length;
            if (value.Length > room)
            {
                Truncated = true;
                _builder.Append(value, 0, Math.Max(0, room));
                return;
            }
            _builder.Append(value);
        }

        public override string ToString() => _builder.ToString();
    }
}
