using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CsvHelper;

namespace ChildForum.Search.Export;

/// <summary>Writes the rows of one format to a response body, asynchronously only (a response body refuses synchronous
/// writes): rows gather in the writer's buffer and go out when it is mostly full or on <see cref="FlushAsync"/>.</summary>
public interface IExportWriter : IAsyncDisposable
{
    ValueTask WriteAsync(ExportRow row, CancellationToken cancellationToken);

    Task FlushAsync(CancellationToken cancellationToken);
}

public static class ExportWriters
{
    /// <summary>The columns, in order: shared/API.md's field names.</summary>
    public static readonly IReadOnlyList<string> Columns = ["type", "id", "title", "url", "group", "stakeholderType", "date", "language", "text"];

    public static async Task<IExportWriter> StartAsync(ExportFormat format, Stream body, CancellationToken cancellationToken) =>
        format == ExportFormat.Csv ? await CsvExportWriter.StartAsync(body, cancellationToken) : new JsonLinesExportWriter(body);

    /// <summary>UTC, to the second, ISO 8601 (e.g. <c>2025-06-15T12:00:00Z</c>): what spreadsheets and JSON readers parse.</summary>
    public static string Date(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>RFC 4180 CSV through CsvHelper: a header row, fields quoted when they hold a comma, quote or line break, CRLF
/// line ends, UTF-8 with a byte-order mark (so that Excel reads Chinese correctly). A text cell that starts with
/// <c>= + - @</c>, a tab or a carriage return gets an apostrophe in front (<see cref="CsvInjection.Escape"/>), so a
/// spreadsheet shows it as text instead of running it as a formula. <c>group</c> is the group's slug.</summary>
public sealed class CsvExportWriter : IExportWriter
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    private readonly CsvWriter _csv;

    private CsvExportWriter(Stream body) => _csv = CsvWriter.Create(body, Options, leaveOpen: true);

    public static async Task<CsvExportWriter> StartAsync(Stream body, CancellationToken cancellationToken)
    {
        var writer = new CsvExportWriter(body);
        foreach (var column in ExportWriters.Columns)
        {
            writer._csv.WriteField(column);
        }
        await writer._csv.EndRecordAsync(cancellationToken);
        return writer;
    }

    public async ValueTask WriteAsync(ExportRow row, CancellationToken cancellationToken)
    {
        _csv.WriteField(row.Type);
        _csv.WriteField(row.Id);
        _csv.WriteField(row.Title);
        _csv.WriteField(row.Url);
        _csv.WriteField(row.Group.Slug);
        _csv.WriteField(row.StakeholderType);
        _csv.WriteField(ExportWriters.Date(row.Date));
        _csv.WriteField(row.Language);
        _csv.WriteField(row.Text);
        await _csv.EndRecordAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken) => await _csv.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}

/// <summary>JSON Lines: one object per line with the contract's fields; <c>group</c> is <c>{id, slug, name}</c> as in
/// search items. Text outside ASCII (Chinese) is written as itself; <c>&lt; &gt; &amp; ' "</c> are escaped as JSON
/// allows, so no line can be read as markup.</summary>
public sealed class JsonLinesExportWriter(Stream body) : IExportWriter
{
    private const int FlushAt = 48 * 1024;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private Utf8JsonWriter? _json;

    public async ValueTask WriteAsync(ExportRow row, CancellationToken cancellationToken)
    {
        var json = _json ??= new Utf8JsonWriter(_buffer, Options);
        json.Reset();
        json.WriteStartObject();
        json.WriteString("type", row.Type);
        json.WriteString("id", row.Id);
        json.WriteString("title", row.Title);
        json.WriteString("url", row.Url);
        json.WriteStartObject("group");
        json.WriteNumber("id", row.Group.Id);
        json.WriteString("slug", row.Group.Slug);
        json.WriteString("name", row.Group.Name);
        json.WriteEndObject();
        json.WriteString("stakeholderType", row.StakeholderType);
        json.WriteString("date", ExportWriters.Date(row.Date));
        json.WriteString("language", row.Language);
        json.WriteString("text", row.Text);
        json.WriteEndObject();
        json.Flush();
        _buffer.Write("\n"u8);
        if (_buffer.WrittenCount >= FlushAt)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await body.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        await body.FlushAsync(cancellationToken);
        _buffer.ResetWrittenCount();
    }

    public async ValueTask DisposeAsync()
    {
        if (_json is not null)
        {
            await _json.DisposeAsync();
        }
    }
}
