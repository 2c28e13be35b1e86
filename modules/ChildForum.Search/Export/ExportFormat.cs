namespace ChildForum.Search.Export;

/// <summary>The file formats of <c>GET /api/v1/search/export</c>.</summary>
public enum ExportFormat
{
    /// <summary>RFC 4180 CSV in UTF-8 with a byte-order mark (spreadsheets then read Chinese correctly).</summary>
    Csv,

    /// <summary>JSON Lines: one JSON object per line.</summary>
    JsonLines,
}

public static class ExportFormats
{
    /// <summary>The <c>format</c> parameter: <c>csv</c> or <c>jsonl</c> (any case).</summary>
    public static bool TryParse(string? value, out ExportFormat format)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "csv":
                format = ExportFormat.Csv;
                return true;
            case "jsonl":
                format = ExportFormat.JsonLines;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string ContentType(this ExportFormat format) => format == ExportFormat.Csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8";

    public static string Extension(this ExportFormat format) => format == ExportFormat.Csv ? "csv" : "jsonl";
}
