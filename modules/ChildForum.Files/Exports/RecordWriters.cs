using ChildForum.Core.Records;
using CsvHelper;
using SpreadCheetah;

namespace ChildForum.Files.Exports;

/// <summary>The file formats of a record export.</summary>
public enum RecordFormat { Csv, Xlsx }

/// <summary>Writes a table's rows to a response body as they come, asynchronously only (a response body refuses
/// synchronous writes), so that no table is held whole in memory.</summary>
public interface IRecordWriter : IAsyncDisposable
{
    Task WriteAsync(IReadOnlyList<RecordValue> row, CancellationToken cancellationToken);

    /// <summary>Sends what is buffered (and for XLSX the end of the file).</summary>
    Task FinishAsync(CancellationToken cancellationToken);
}

public static class RecordWriters
{
    public static string ContentType(this RecordFormat format) =>
        format == RecordFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Extension(this RecordFormat format) => format == RecordFormat.Csv ? "csv" : "xlsx";

    public static async Task<IRecordWriter> StartAsync(RecordFormat format, Stream body, string sheet, IReadOnlyList<string> headers, CancellationToken cancellationToken) =>
        format == RecordFormat.Csv ? await CsvRecordWriter.StartAsync(body, headers, cancellationToken) : await XlsxRecordWriter.StartAsync(body, sheet, headers, cancellationToken);

    /// <summary>A text cell that a spreadsheet would run as a formula (it starts with <c>= + - @</c>, a tab or a carriage
    /// return) with an apostrophe in front, so that it is shown as text: OWASP's advice, and what CsvHelper's
    /// <see cref="CsvInjection.Escape"/> does in the CSV.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}

/// <summary>RFC 4180 CSV through CsvHelper: the header row in the caller's language, UTF-8 with a byte-order mark (so that
/// Excel reads Chinese correctly), CRLF, formula-like text cells escaped with an apostrophe.</summary>
public sealed class CsvRecordWriter : IRecordWriter
{
    private const int RowsPerFlush = 200;

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape };

    private readonly CsvWriter _csv;
    private int _rows;

    private CsvRecordWriter(Stream body) => _csv = CsvWriter.Create(body, Options, leaveOpen: true);

    public static async Task<CsvRecordWriter> StartAsync(Stream body, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        var writer = new CsvRecordWriter(body);
        foreach (var header in headers)
        {
            writer._csv.WriteField(header);
        }
        await writer._csv.EndRecordAsync(cancellationToken);
        return writer;
    }

    public async Task WriteAsync(IReadOnlyList<RecordValue> row, CancellationToken cancellationToken)
    {
        foreach (var cell in row)
        {
            _csv.WriteField(cell.ToString());
        }
        await _csv.EndRecordAsync(cancellationToken);
        if (++_rows % RowsPerFlush == 0)
        {
            await _csv.FlushAsync(cancellationToken);
        }
    }

    public async Task FinishAsync(CancellationToken cancellationToken) => await _csv.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}

/// <summary>One worksheet through SpreadCheetah, which streams the package to the body: a bold header row in the caller's
/// language, numbers as numbers, text as text with formula-like cells escaped as in the CSV.</summary>
public sealed class XlsxRecordWriter : IRecordWriter
{
    private readonly Spreadsheet _sheet;
    private readonly AsyncResponseStream _body;
    private Cell[] _cells = [];
    private bool _closed;

    private XlsxRecordWriter(Spreadsheet sheet, AsyncResponseStream body)
    {
        _sheet = sheet;
        _body = body;
    }

    public static async Task<XlsxRecordWriter> StartAsync(Stream body, string sheet, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        var stream = new AsyncResponseStream(body);
        var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken);
        await spreadsheet.StartWorksheetAsync(sheet, new SpreadCheetah.Worksheets.WorksheetOptions { FrozenRows = 1 }, cancellationToken);
        var bold = spreadsheet.AddStyle(new SpreadCheetah.Styling.Style { Font = { Bold = true } });
        await spreadsheet.AddHeaderRowAsync(headers.Select(RecordWriters.Neutralise).ToArray(), bold, cancellationToken);
        return new XlsxRecordWriter(spreadsheet, stream);
    }

    public async Task WriteAsync(IReadOnlyList<RecordValue> row, CancellationToken cancellationToken)
    {
        if (_cells.Length != row.Count)
        {
            _cells = new Cell[row.Count];
        }
        for (var i = 0; i < row.Count; i++)
        {
            _cells[i] = row[i].Number is { } number ? new Cell(number) : new Cell(RecordWriters.Neutralise(row[i].Text ?? ""));
        }
        await _sheet.AddRowAsync(_cells, cancellationToken);
    }

    /// <summary>Closes the package (its last bytes are written synchronously into <see cref="AsyncResponseStream"/>) and sends them.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await _sheet.FinishAsync(cancellationToken);
        await CloseAsync();
        await _body.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await _body.DisposeAsync();
    }

    private async ValueTask CloseAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await _sheet.DisposeAsync();
        }
    }
}
