using System.Text;
using Microsoft.VisualBasic.FileIO;
using Xunit;

namespace ChildForum.Testing;

/// <summary>Reads the files of <c>GET /api/v1/search/export</c> the way a researcher's tools would: the CSV by .NET's own
/// RFC 4180 parser rather than the library that wrote it.</summary>
public static class SearchExportFiles
{
    /// <summary>The contract's fields, in order (shared/API.md, search section).</summary>
    public static readonly string[] Columns = ["type", "id", "title", "url", "group", "stakeholderType", "date", "language", "text"];

    /// <summary>The records after the header, each as column → value; fails unless the file starts with the UTF-8
    /// byte-order mark and the contract's header, and every record has every column.</summary>
    public static List<Dictionary<string, string>> CsvRows(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "The CSV does not start with the UTF-8 byte-order mark.");
        using var parser = new TextFieldParser(new StringReader(Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length))))
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        Assert.Equal(Columns, parser.ReadFields());
        var rows = new List<Dictionary<string, string>>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields()!;
            Assert.Equal(Columns.Length, fields.Length);
            rows.Add(Columns.Zip(fields).ToDictionary(p => p.First, p => p.Second));
        }
        return rows;
    }
}
