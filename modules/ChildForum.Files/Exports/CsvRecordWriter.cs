using ChildForum.Core.Records;
using CsvHelper;

namespace ChildForum.Files.Exports;

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
