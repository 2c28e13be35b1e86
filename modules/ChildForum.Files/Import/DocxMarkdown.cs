using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ChildForum.Files.Import;

/// <summary>What a Word file became: its Markdown, the title its properties or first heading give, and what was left
/// out or changed on the way.</summary>
public sealed record DocxConversion(string Markdown, string? Title, int Images, int Comments, bool TrackedChanges);

/// <summary>Converts a Word document (.docx) to the site's Markdown: headings (by the style's name "heading N" or its
/// outline level, since Chinese Word names its heading styles "1", "2"…), paragraphs, bold and italic, bullet and
/// numbered lists with nesting, tables as pipe tables, footnotes and endnotes as <c>[^n]</c>, links (http, https and
/// mailto only) and line breaks. Images and comments are left out and counted; tracked changes are read as accepted
/// (insertions and moves kept, deletions dropped). Text is escaped so that nothing in it becomes Markdown syntax.</summary>
public sealed class DocxMarkdown
{
    /// <summary>The most characters of XML any one part may have (a 1 MB draft is far below it): a guard against a part
    /// that would take the memory of the server.</summary>
    public const long MaxCharactersInPart = 64L * 1024 * 1024;

    private const int MaxHeadingLevel = 6;

    private readonly MainDocumentPart _main;
    private readonly Dictionary<string, Style> _styles;
    private readonly List<(string Key, int Number)> _notes = [];
    private readonly Dictionary<(int NumberingId, int Level), int> _counters = [];
    private string? _firstHeading;
    private int _images;
    private bool _tracked;

    private DocxMarkdown(MainDocumentPart main)
    {
        _main = main;
        _styles = main.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!)
            .ToDictionary(g => g.Key, g => g.First()) ?? [];
    }

    /// <summary>Converts the document in <paramref name="stream"/>. Throws <see cref="OpenXmlPackageException"/>,
    /// <see cref="InvalidDataException"/> or <see cref="System.Xml.XmlException"/> for a package that is not a readable
    /// Word document.</summary>
    public static DocxConversion Convert(Stream stream)
    {
        using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
        var main = document.MainDocumentPart ?? throw new InvalidDataException("The package has no main document part.");
        var body = main.Document?.Body ?? throw new InvalidDataException("The document has no body.");
        var converter = new DocxMarkdown(main);
        var markdown = converter.Blocks(body);
        var comments = main.WordprocessingCommentsPart?.Comments?.Elements<Comment>().Count() ?? 0;
        var title = document.PackageProperties.Title is { } property && !string.IsNullOrWhiteSpace(property) ? property.Trim() : converter._firstHeading;
        return new DocxConversion(markdown, title, converter._images, comments, converter._tracked);
    }

    // ---- Blocks ---------------------------------------------------------------------------------

    private string Blocks(Body body)
    {
        var output = new StringBuilder();
        int? list = null;
        foreach (var block in BlockElements(body))
        {
            var (text, numbering) = block switch
            {
                Paragraph p => ParagraphBlock(p),
                Table t => (TableBlock(t), null),
                _ => (null, null),
            };
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }
            if (output.Length > 0)
            {
                // Items of one list stay together; anything else, another list included, is a block of its own.
                output.Append(numbering is not null && numbering == list ? "\n" : "\n\n");
            }
            output.Append(text);
            list = numbering;
        }
        if (_notes.Count > 0)
        {
            foreach (var (key, number) in _notes)
            {
                output.Append("\n\n[^").Append(number).Append("]: ").Append(NoteText(key));
            }
        }
        return output.ToString();
    }

    /// <summary>Paragraphs and tables in reading order, through content controls, custom XML and tracked insertions;
    /// nothing from tracked deletions.</summary>
    private IEnumerable<OpenXmlElement> BlockElements(OpenXmlElement container)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    foreach (var inner in BlockElements(content))
                    {
                        yield return inner;
                    }
                    break;
                case CustomXmlBlock custom:
                    foreach (var inner in BlockElements(custom))
                    {
                        yield return inner;
                    }
                    break;
            }
        }
    }

    /// <summary>The paragraph's Markdown and, for a list item, the numbering it belongs to.</summary>
    private (string? Text, int? Numbering) ParagraphBlock(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.ParagraphMarkRunProperties?.GetFirstChild<Inserted>() is not null
            || properties?.ParagraphMarkRunProperties?.GetFirstChild<Deleted>() is not null
            || properties?.ParagraphPropertiesChange is not null)
        {
            _tracked = true;
        }
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        var inline = Inline(paragraph, tableCell: false);
        if (inline.Length == 0)
        {
            return (null, null);
        }
        if (HeadingLevel(properties, styleId) is { } level)
        {
            _firstHeading ??= PlainText(paragraph);
            return (new string('#', level) + " " + inline, null);
        }
        if (ListItem(properties, styleId) is { } marker)
        {
            return (marker.Indent + marker.Marker + " " + EscapeLineStarts(inline), marker.Numbering);
        }
        return (EscapeLineStarts(inline), null);
    }

    /// <summary>1–6 for a heading: the paragraph's or its style's outline level, or a style named "heading N" or
    /// "Title" (followed through the styles it is based on).</summary>
    private int? HeadingLevel(ParagraphProperties? properties, string? styleId)
    {
        if (properties?.OutlineLevel?.Val?.Value is { } own && own < 9)
        {
            return Math.Min(own + 1, MaxHeadingLevel);
        }
        var style = StyleOf(styleId);
        for (var depth = 0; style is not null && depth < 10; style = StyleOf(style.BasedOn?.Val?.Value), depth++)
        {
            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
            {
                return Math.Min(outline + 1, MaxHeadingLevel);
            }
            var name = style.StyleName?.Val?.Value?.Trim().ToLowerInvariant();
            if (name == "title")
            {
                return 1;
            }
            if (name is not null && name.StartsWith("heading ", StringComparison.Ordinal) && int.TryParse(name["heading ".Length..], out var level) && level >= 1)
            {
                return Math.Min(level, MaxHeadingLevel);
            }
        }
        return null;
    }

    private Style? StyleOf(string? styleId) => styleId is not null && _styles.TryGetValue(styleId, out var style) ? style : null;

    private sealed record ListMarker(int Numbering, string Indent, string Marker);

    /// <summary>The marker of a numbered or bulleted paragraph (its own numbering, or its style's), indented four spaces
    /// per level, which nests under both "- " and "1. " items.</summary>
    private ListMarker? ListItem(ParagraphProperties? properties, string? styleId)
    {
        var numbering = properties?.NumberingProperties ?? StyleOf(styleId)?.StyleParagraphProperties?.NumberingProperties;
        var numberingId = numbering?.NumberingId?.Val?.Value;
        if (numberingId is null or 0)
        {
            return null;
        }
        var level = Math.Clamp(numbering!.NumberingLevelReference?.Val?.Value ?? 0, 0, 8);
        foreach (var deeper in _counters.Keys.Where(k => k.NumberingId == numberingId && k.Level > level).ToList())
        {
            _counters.Remove(deeper);
        }
        var format = LevelOf(numberingId.Value, level)?.NumberingFormat?.Val?.Value;
        var indent = new string(' ', 4 * level);
        if (format is null || format == NumberFormatValues.Bullet || format == NumberFormatValues.None)
        {
            return new(numberingId.Value, indent, "-");
        }
        var key = (numberingId.Value, level);
        _counters[key] = _counters.GetValueOrDefault(key) + 1;
        return new(numberingId.Value, indent, _counters[key] + ".");
    }

    private Level? LevelOf(int numberingId, int level)
    {
        var numbering = _main.NumberingDefinitionsPart?.Numbering;
        var instance = numbering?.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numberingId);
        var abstractId = instance?.AbstractNumId?.Val?.Value;
        var definition = numbering?.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId);
        return instance?.Elements<LevelOverride>().FirstOrDefault(o => o.LevelIndex?.Value == level)?.Level
            ?? definition?.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level);
    }

    private string? TableBlock(Table table)
    {
        var rows = new List<List<string>>();
        foreach (var row in table.Elements<TableRow>())
        {
            if (row.TableRowProperties?.GetFirstChild<Deleted>() is not null)
            {
                _tracked = true;
                continue;
            }
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var merged = cell.TableCellProperties?.VerticalMerge is { } merge && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                var text = merged ? "" : string.Join(" ", BlockElements(cell).Select(CellText).Where(t => t.Length > 0));
                cells.Add(text);
                for (var span = cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1; span > 1; span--)
                {
                    cells.Add("");
                }
            }
            rows.Add(cells);
        }
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (columns == 0)
        {
            return null;
        }
        var output = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            output.Append(i == 0 ? "" : "\n").Append('|');
            foreach (var cell in rows[i].Concat(Enumerable.Repeat("", columns - rows[i].Count)))
            {
                output.Append(' ').Append(cell).Append(" |");
            }
            if (i == 0)
            {
                output.Append('\n').Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", columns)));
            }
        }
        return output.ToString();
    }

    /// <summary>A cell's paragraph, or a nested table's cells, on one line.</summary>
    private string CellText(OpenXmlElement block) => block switch
    {
        Paragraph p => Inline(p, tableCell: true),
        Table t => string.Join(" ", t.Descendants<Paragraph>().Select(p => Inline(p, tableCell: true)).Where(s => s.Length > 0)),
        _ => "",
    };

    // ---- Inline ---------------------------------------------------------------------------------

    /// <summary>A piece of a paragraph: text with its emphasis, a line break, or Markdown already made (a link, a note
    /// reference).</summary>
    private sealed record Piece(string Text, bool Bold, bool Italic, bool Raw = false, bool Break = false);

    private string Inline(OpenXmlElement paragraph, bool tableCell)
    {
        var pieces = new List<Piece>();
        Collect(paragraph, pieces, tableCell);
        return Render(pieces, tableCell);
    }

    private void Collect(OpenXmlElement container, List<Piece> pieces, bool tableCell)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case ParagraphProperties:
                    break;
                case Run run:
                    CollectRun(run, pieces, tableCell);
                    break;
                case Hyperlink link:
                    CollectLink(link, pieces, tableCell);
                    break;
                case DeletedRun or MoveFromRun:
                    _tracked = true;
                    break;
                case InsertedRun or MoveToRun:
                    _tracked = true;
                    Collect(child, pieces, tableCell);
                    break;
                case SdtRun sdt when sdt.SdtContentRun is { } content:
                    Collect(content, pieces, tableCell);
                    break;
                default:
                    // Simple fields, smart tags, custom XML: their runs are the text; bookmarks and proofing marks have none.
                    if (child.HasChildren)
                    {
                        Collect(child, pieces, tableCell);
                    }
                    break;
            }
        }
    }

    private void CollectRun(Run run, List<Piece> pieces, bool tableCell)
    {
        var properties = run.RunProperties;
        if (properties?.RunPropertiesChange is not null)
        {
            _tracked = true;
        }
        var bold = IsOn(properties?.Bold);
        var italic = IsOn(properties?.Italic);
        foreach (var child in run.ChildElements)
        {
            switch (child)
            {
                case Text text:
                    pieces.Add(new(text.Text, bold, italic));
                    break;
                case TabChar:
                    pieces.Add(new(" ", bold, italic));
                    break;
                case NoBreakHyphen:
                    pieces.Add(new("-", bold, italic));
                    break;
                case Break br when br.Type?.Value == BreakValues.Page || br.Type?.Value == BreakValues.Column:
                    pieces.Add(new(" ", bold, italic));
                    break;
                case Break or CarriageReturn:
                    pieces.Add(tableCell ? new(" ", bold, italic) : new("", false, false, Break: true));
                    break;
                case FootnoteReference note when note.Id?.Value is { } id:
                    pieces.Add(new(NoteReference("footnote:" + id), false, false, Raw: true));
                    break;
                case EndnoteReference note when note.Id?.Value is { } id:
                    pieces.Add(new(NoteReference("endnote:" + id), false, false, Raw: true));
                    break;
                case Drawing or Picture or EmbeddedObject:
                    _images++;
                    break;
                case AlternateContent when child.Descendants<Drawing>().Any() || child.Descendants<Picture>().Any():
                    // A shape or picture with its fallback for older Word: one image.
                    _images++;
                    break;
            }
        }
    }

    private static bool IsOn(OnOffType? value) => value is not null && (value.Val is null || value.Val.Value);

    /// <summary>An external http, https or mailto link keeps its address; any other (a bookmark, a file, javascript:)
    /// becomes its text.</summary>
    private void CollectLink(Hyperlink link, List<Piece> pieces, bool tableCell)
    {
        var inner = new List<Piece>();
        Collect(link, inner, tableCell: true);
        var target = link.Id?.Value is { } id ? _main.HyperlinkRelationships.FirstOrDefault(r => r.Id == id)?.Uri : null;
        if (target is not { IsAbsoluteUri: true } || target.Scheme is not ("http" or "https" or "mailto"))
        {
            pieces.AddRange(inner);
            return;
        }
        var text = Render(inner, tableCell: true);
        if (text.Length == 0)
        {
            text = Escape(target.OriginalString);
        }
        pieces.Add(new($"[{text}](<{target.AbsoluteUri.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)}>)", false, false, Raw: true));
    }

    private string NoteReference(string key)
    {
        var existing = _notes.FindIndex(n => n.Key == key);
        if (existing < 0)
        {
            _notes.Add((key, _notes.Count + 1));
            existing = _notes.Count - 1;
        }
        return $"[^{_notes[existing].Number}]";
    }

    /// <summary>The text of a footnote or endnote, its paragraphs on one line (the mark Word puts before it left out).</summary>
    private string NoteText(string key)
    {
        var id = long.Parse(key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        OpenXmlElement? note = key.StartsWith("footnote:", StringComparison.Ordinal)
            ? _main.FootnotesPart?.Footnotes?.Elements<Footnote>().FirstOrDefault(f => f.Id?.Value == id)
            : _main.EndnotesPart?.Endnotes?.Elements<Endnote>().FirstOrDefault(e => e.Id?.Value == id);
        return note is null ? "" : string.Join(" ", note.Elements<Paragraph>().Select(p => Inline(p, tableCell: true)).Where(t => t.Length > 0));
    }

    /// <summary>Joins the pieces: neighbours with the same emphasis share one pair of markers, and spaces at a piece's
    /// edges go outside the markers (where CommonMark needs them).</summary>
    private static string Render(List<Piece> pieces, bool tableCell)
    {
        var merged = new List<Piece>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && merged[^1] is { Raw: false, Break: false } last && !piece.Raw && !piece.Break
                && last.Bold == piece.Bold && last.Italic == piece.Italic)
            {
                merged[^1] = last with { Text = last.Text + piece.Text };
            }
            else
            {
                merged.Add(piece);
            }
        }
        var output = new StringBuilder();
        foreach (var piece in merged)
        {
            if (piece.Break)
            {
                output.Append("\\\n");
                continue;
            }
            if (piece.Raw)
            {
                output.Append(piece.Text);
                continue;
            }
            var text = piece.Text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ').Replace('\u00A0', ' ');
            var core = text.Trim(' ');
            if (core.Length == 0)
            {
                output.Append(text);
                continue;
            }
            var marker = (piece.Bold ? "**" : "") + (piece.Italic ? "*" : "");
            output.Append(text[..text.IndexOf(core, StringComparison.Ordinal)])
                .Append(marker).Append(Escape(core)).Append(marker)
                .Append(' ', text.Length - text.TrimEnd(' ').Length);
        }
        // No line may begin or end with spaces (four would make code, two at the end a line break), and no line is empty.
        var lines = output.ToString().Split("\\\n").Select(l => l.Trim()).Where(l => l.Length > 0);
        return string.Join(tableCell ? " " : "\\\n", lines);
    }

    /// <summary>Every ASCII character that could start Markdown syntax anywhere in a line, backslash-escaped
    /// (CommonMark allows that before any ASCII punctuation).</summary>
    public static string Escape(string text)
    {
        var output = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '~' or '!' or '&')
            {
                output.Append('\\');
            }
            output.Append(c);
        }
        return output.ToString();
    }

    /// <summary>Characters that only make syntax at the start of a line (a list item "-", "+", "1." or "1)", a setext
    /// underline "="), escaped there.</summary>
    private static string EscapeLineStarts(string text) => string.Join("\n", text.Split('\n').Select(line =>
    {
        if (line.Length > 0 && line[0] is '-' or '+' or '=')
        {
            return "\\" + line;
        }
        var digits = 0;
        while (digits < line.Length && digits < 10 && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }
        return digits > 0 && digits < line.Length && line[digits] is '.' or ')' ? line[..digits] + "\\" + line[digits..] : line;
    }));

    /// <summary>A paragraph's text without Markdown, for a title.</summary>
    private static string PlainText(Paragraph paragraph) =>
        string.Concat(paragraph.Descendants<Text>().Where(t => t.Ancestors<DeletedRun>().FirstOrDefault() is null && t.Ancestors<MoveFromRun>().FirstOrDefault() is null).Select(t => t.Text)).Trim();
}
