namespace ChildForum.Files.Exports;

/// <summary>The file formats of a record export.</summary>
public enum RecordFormat { Csv, Xlsx }

public static class RecordFormats
{
    /// <summary>The <c>format</c> parameter (<c>csv</c> when left out); null for anything else.</summary>
    public static RecordFormat? Parse(string? format) => (format ?? "csv") switch { "csv" => RecordFormat.Csv, "xlsx" => RecordFormat.Xlsx, _ => null };

    public static string ContentType(this RecordFormat format) =>
        format == RecordFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Extension(this RecordFormat format) => format == RecordFormat.Csv ? "csv" : "xlsx";
}
