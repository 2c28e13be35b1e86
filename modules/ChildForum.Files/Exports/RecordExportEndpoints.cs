using ChildForum.Core.Localization;
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

namespace ChildForum.Files.Exports;

/// <summary>What the export route needs besides its parameters.</summary>
public sealed record RecordExportServices(
    IEnumerable<IRecordTable> Tables, AccessRule Rule, IAuditLog Audit, ForumDbContext Db, IStringLocalizer<FilesResource> T, TimeProvider Clock);

/// <summary><c>GET /api/v1/groups/{groupId}/exports/{table}?format=csv|xlsx</c> (beyond the contract: docs/api-extensions.md):
/// a group's attendance, decisions, actions or positions as a file, the rows as the group's readers read them. Who may
/// export is each table's <see cref="IRecordTable.Permission"/>, asked of the <see cref="AccessRule"/>; a group the caller
/// may not read answers 404 without its name. The table and format are checked first, so a 400 says nothing about the group.</summary>
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
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    public static async Task<Results<RecordExportResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        string groupId, string table, string? format, ClaimsPrincipal user, [AsParameters] RecordExportServices services, CancellationToken ct)
    {
        var known = services.Tables.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        if (known.FirstOrDefault(x => x.Name == table) is not { } chosen)
        {
            return ApiProblems.Invalid("table", services.T[ChooseTable, string.Join(", ", known.Select(x => x.Name))]);
        }
        if (RecordFormats.Parse(format) is not { } fileFormat)
        {
            return ApiProblems.Invalid("format", services.T[ChooseFormat]);
        }
        var decision = await services.Rule.CheckAsync(user, groupId, chosen.Permission, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var group = decision.Group;
        services.Audit.Record("records.export", Notice.T["Exported the {0} table as {1}", chosen.Name, fileFormat.Extension()], group.GroupId, "group", group.GroupId.ToString(CultureInfo.InvariantCulture));
        await services.Db.SaveChangesAsync(ct);
        return new RecordExportResult(chosen, fileFormat, group, chosen.Columns.Select(c => services.T[c].Value).ToList(), services.Clock.GetUtcNow());
    }
}
