using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.Files.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Files.Exports;

/// <summary><c>GET /api/v1/groups/{groupId}/exports/{table}?format=csv|xlsx</c> (beyond the contract: docs/api-extensions.md):
/// a group's attendance, decisions, actions or positions as a file, the rows as the group's readers read them. Who may
/// export is each table's <see cref="IRecordTable.Permission"/>, asked of the <see cref="AccessRule"/>; a group the caller
/// may not read answers 404 without its name.</summary>
public static class RecordExportEndpoints
{
    public const string ChooseTable = "Choose one of: {0}.";
    public const string ChooseFormat = "Choose csv or xlsx.";

    public static void MapRecordExportEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapApi("/groups").WithTags("Files")
            .MapGet("/{groupId}/exports/{table}", ExportAsync)
            .WithName("ExportRecords")
            .WithDescription("The group's attendance (facilitators), decisions, actions or positions (readers) as CSV (UTF-8 with BOM) or XLSX, " +
                "as the group's readers read them: under Chatham House no name or organisation. format: csv (default) or xlsx.")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<IResult> ExportAsync(
        string groupId, string table, string? format, ClaimsPrincipal user, IEnumerable<IRecordTable> tables, AccessRule rule, IAuditLog audit, ForumDbContext db,
        IStringLocalizer<FilesResource> t, CancellationToken ct)
    {
        var known = tables.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        var chosen = known.FirstOrDefault(x => x.Name == table);
        if (chosen is null)
        {
            return ApiProblems.Invalid("table", t[ChooseTable, string.Join(", ", known.Select(x => x.Name))]);
        }
        RecordFormat? parsed = (format ?? "csv") switch { "csv" => RecordFormat.Csv, "xlsx" => RecordFormat.Xlsx, _ => null };
        if (parsed is not { } fileFormat)
        {
            return ApiProblems.Invalid("format", t[ChooseFormat]);
        }
        var decision = await rule.CheckAsync(user, groupId, chosen.Permission, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        audit.Record("records.export", $"Exported the {chosen.Name} table as {fileFormat.Extension()}", decision.Group.GroupId, "group",
            decision.Group.GroupId.ToString(CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        return new RecordExportResult(chosen, fileFormat, decision.Group, chosen.Columns.Select(c => t[c].Value).ToList());
    }
}

/// <summary>Streams one table as an attachment download (<c>filename*</c> for the group's slug in any script,
/// <c>nosniff</c>, not cached). A failure once the file has started can no longer change the status: the server then
/// aborts the connection, so that the download fails visibly instead of ending as a short, valid-looking file.</summary>
public sealed class RecordExportResult(IRecordTable table, RecordFormat format, GroupAccess group, IReadOnlyList<string> headers) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.ContentType = format.ContentType();
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(FileName(table.Name, group.Slug, format, DateTime.UtcNow));
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
    public static string FileName(string table, string slug, RecordFormat format, DateTime utc) =>
        string.Create(CultureInfo.InvariantCulture, $"{table}-{slug}-{utc:yyyy-MM-dd}.{format.Extension()}");
}
