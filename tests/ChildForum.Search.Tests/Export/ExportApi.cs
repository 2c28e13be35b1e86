using System.Net;
using System.Text;
using System.Text.Json;
using ChildForum.Core.Search;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;
using Xunit.Sdk;

namespace ChildForum.Search.Tests.Export;

/// <summary>An export as a researcher gets it: the file's bytes, its headers, and its rows read back by a CSV parser that
/// is not the one that wrote them (.NET's <see cref="TextFieldParser"/>) or by <see cref="JsonDocument"/> line by line.</summary>
public sealed record ExportFile(HttpResponseMessage Response, byte[] Bytes)
{
    public static readonly string[] Columns = SearchExportFiles.Columns;

    public string Text => Encoding.UTF8.GetString(Bytes);

    public long TotalCount => long.Parse(Response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);

    public int Limit => int.Parse(Response.Headers.GetValues("X-Export-Limit").Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The CSV's records after its header, each as column → value; fails unless the header is the contract's.</summary>
    public List<Dictionary<string, string>> CsvRows() => SearchExportFiles.CsvRows(Bytes);

    public List<JsonElement> JsonRows() =>
        Text.Split('\n').Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
}

public static class ExportApi
{
    public static string Url(string format, string? q, params (string Name, string? Value)[] parameters) =>
        SearchApi.Url(q, [("format", format), .. parameters]).Replace("/api/v1/search?", "/api/v1/search/export?", StringComparison.Ordinal);

    /// <summary>Downloads an export and expects 200.</summary>
    public static async Task<ExportFile> ExportAsync(this HttpClient client, string format, string? q, params (string Name, string? Value)[] parameters)
    {
        var response = await client.GetAsync(Url(format, q, parameters));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new XunitException($"The export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return new ExportFile(response, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Puts documents straight into the site's index (as the indexer would), each its own parent: for exports of
    /// thousands of results without posting thousands of messages. The documents' URLs hold the <c>{group}</c> placeholder.</summary>
    public static async Task IndexAsync(this ISearchBackend backend, IReadOnlyList<SearchDocument> documents) =>
        await backend.ReplaceAsync(documents.Select(d => d.Parent).ToList(), documents, CancellationToken.None);
}
