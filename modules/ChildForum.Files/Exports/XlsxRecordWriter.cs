using ChildForum.Core.Records;
using SpreadCheetah;

namespace ChildForum.Files.Exports;

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
