using System.Net;
using ChildForum.Core.Search;

namespace ChildForum.Search.Export;

/// <summary>One row of an export, with the contract's fields (shared/API.md, Search). Like a search item it carries the
/// stakeholder types of the people whose words these are, never their names (Chatham House).</summary>
/// <param name="Url">Absolute, so that the link works from a spreadsheet.</param>
/// <param name="StakeholderType">The hit's stakeholder types joined by <c>;</c>, or empty.</param>
/// <param name="Text">The matching passage as plain text: the search snippet without its marks, HTML-decoded.</param>
public sealed record ExportRow(string Type, string Id, string Title, string Url, SearchGroupDto Group, string StakeholderType, DateTimeOffset Date, string Language, string Text)
{
    public static ExportRow From(SearchHit hit, SearchGroupDto group, string baseUrl) => new(
        hit.Type, hit.Id, hit.Title, baseUrl + hit.UrlIn(group.Slug), group,
        string.Join(';', hit.Stakeholders), hit.Date, hit.Language, PlainText(hit.Snippet));

    /// <summary>A snippet is escaped text whose only markup is <c>&lt;mark&gt;</c> around the matches (the backends'
    /// contract): without the marks and decoded, it is the text as written.</summary>
    public static string PlainText(string snippet) =>
        WebUtility.HtmlDecode(snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));
}

/// <summary>An export ready to be written: the format, how many results the caller may read in all, the row limit, and
/// the rows (read from the engine as they are written).</summary>
public sealed record SearchExport(ExportFormat Format, long Total, int Limit, IAsyncEnumerable<ExportRow> Rows)
{
    /// <summary>How many rows the file will hold (unless the index changes meanwhile).</summary>
    public long ExpectedRows => Math.Min(Total, Limit);
}
