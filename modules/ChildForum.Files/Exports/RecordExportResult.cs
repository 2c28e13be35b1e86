using System.Globalization;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Files.Exports;

/// <summary>Streams one table as an attachment download (<c>filename*</c> for the group's slug in any script,
/// <c>nosniff</c>, not cached), row by row as the module produces them. A failure once the file has started can no
/// longer change the status: the server then aborts the connection, so that the download fails visibly instead of
/// ending as a short, valid-looking file.</summary>
public sealed class RecordExportResult(IRecordTable table, RecordFormat format, GroupAccess group, IReadOnlyList<string> headers, DateTimeOffset now) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.ContentType = format.ContentType();
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(FileName(table.Name, group.Slug, format, now));
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        await using var writer = await RecordWriters.StartAsync(format, response.Body, table.Name, headers, cancellationToken);
        await foreach (var row in table.RowsAsync(ArchiveAudience.Readers(group), cancellationToken))
        {
            await writer.WriteAsync(row, cancellationToken);
        }
        await writer.FinishAsync(cancellationToken);
    }

    /// <summary>e.g. <c>decisions-child-protection-2026-12-06.xlsx</c> (the day in UTC).</summary>
    public static string FileName(string table, string slug, RecordFormat format, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{table}-{slug}-{now.UtcDateTime:yyyy-MM-dd}.{format.Extension()}");
}
