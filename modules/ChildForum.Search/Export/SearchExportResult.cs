using System.Globalization;
using ChildForum.Core.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Search.Export;

/// <summary>Streams an export as a file download. Before anything is sent it reads the first row, so an engine that stops
/// answering then still gets a 503 problem; once the file has started, a failure can no longer change the status, so
/// the connection is aborted and the download fails visibly instead of ending as a short, valid-looking file.
/// <c>X-Total-Count</c> is every result the caller may read and <c>X-Export-Limit</c> the row limit: the file holds the
/// smaller of the two (a page shows progress against it).</summary>
public sealed class SearchExportResult(SearchExport export, DateTimeOffset now) : IResult
{
    public const string TotalHeader = "X-Total-Count";
    public const string LimitHeader = "X-Export-Limit";

    /// <summary>Rows sent at least this often (the writers also send when their buffer is mostly full), so that a page
    /// can show progress on a slow engine.</summary>
    public const int RowsPerFlush = 200;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        await using var rows = export.Rows.GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await rows.MoveNextAsync();
        }
        catch (SearchUnavailableException)
        {
            await SearchService.Unavailable<SearchExport>().ToHttpResult().ExecuteAsync(httpContext);
            return;
        }

        var response = httpContext.Response;
        response.ContentType = export.Format.ContentType();
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = FileName(export.Format, now) }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers[TotalHeader] = export.Total.ToString(CultureInfo.InvariantCulture);
        response.Headers[LimitHeader] = export.Limit.ToString(CultureInfo.InvariantCulture);
        try
        {
            await using var writer = await ExportWriters.StartAsync(export.Format, response.Body, cancellationToken);
            var written = 0;
            while (more)
            {
                await writer.WriteAsync(rows.Current, cancellationToken);
                if (++written % RowsPerFlush == 0)
                {
                    await writer.FlushAsync(cancellationToken);
                }
                more = await rows.MoveNextAsync();
            }
            await writer.FlushAsync(cancellationToken);
        }
        catch (SearchUnavailableException)
        {
            httpContext.Abort();
        }
    }

    /// <summary>e.g. <c>childforum-search-2025-06-15.csv</c> (the day in UTC).</summary>
    public static string FileName(ExportFormat format, DateTimeOffset now) =>
        $"childforum-search-{now.UtcDateTime:yyyy-MM-dd}.{format.Extension()}";
}
