using CsvHelper;

namespace ChildForum.Files.Exports;

/// <summary>Starts the writer of a format, and the one rule against formula injection that both follow.</summary>
public static class RecordWriters
{
    public static async Task<IRecordWriter> StartAsync(RecordFormat format, Stream body, string sheet, IReadOnlyList<string> headers, CancellationToken cancellationToken) =>
        format == RecordFormat.Csv ? await CsvRecordWriter.StartAsync(body, headers, cancellationToken) : await XlsxRecordWriter.StartAsync(body, sheet, headers, cancellationToken);

    /// <summary>A text cell that a spreadsheet would run as a formula (it starts with <c>= + - @</c>, a tab or a carriage
    /// return) with an apostrophe in front, so that it is shown as text: OWASP's advice, and what CsvHelper's
    /// <see cref="CsvInjection.Escape"/> does in the CSV.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
