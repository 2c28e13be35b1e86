using System.Net;
using System.Net.Http.Headers;
using ChildForum.Testing;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ChildForum.Files.Tests.Exports;

/// <summary>A record export read back: its header row and its rows, as the cells' text.</summary>
public sealed record ExportedTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public IReadOnlyList<string> Column(string header)
    {
        var index = Headers.ToList().IndexOf(header);
        Assert.True(index >= 0, $"No column {header} in {string.Join(", ", Headers)}.");
        return Rows.Select(r => r[index]).ToList();
    }
}

/// <summary>Downloading an export and parsing it back: CSV with CsvHelper, XLSX with the Open XML SDK.</summary>
public static class ExportApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<ExportedTable> ExportAsync(this HttpClient client, int groupId, string table, string format, string language = "en")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/groups/{groupId}/exports/{table}?format={format}");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await client.SendAsync(request);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(format == "csv" ? "text/csv" : XlsxType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith($".{format}", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        Assert.StartsWith($"{table}-", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return format == "csv" ? ReadCsv(bytes) : ReadXlsx(bytes);
    }

    public static ExportedTable ReadCsv(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith("\uFEFF"u8), "The CSV starts with a UTF-8 byte-order mark.");
        using var csv = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<IReadOnlyList<string>>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToList());
        }
        return new ExportedTable(csv.Headers.ToList(), rows);
    }

    public static ExportedTable ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheet = Assert.Single(workbook.WorksheetParts).Worksheet;
        var rows = sheet.Descendants<Row>().Select(row => (IReadOnlyList<string>)row.Elements<Cell>().Select(cell => Text(cell, shared)).ToList()).ToList();
        return new ExportedTable(rows[0], rows.Skip(1).ToList());
    }

    private static string Text(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        if (type == CellValues.SharedString)
        {
            return shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)];
        }
        return cell.CellValue?.Text ?? "";
    }
}
