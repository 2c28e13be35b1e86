using System.Text.Json;

namespace ChildForum.Search.Tests.Infrastructure;

// The JSON of shared/API.md "Search" (and of the routes it needs to arrange content) as a client sees it, read into the
// tests' own records rather than the modules' DTOs, so that a change of the wire format fails a test.
// Ids are opaque tokens (a JSON string or number): they are kept as JsonElement and compared through IdText.

public sealed record SearchGroupJson(JsonElement Id, string Slug, string Name);

public sealed record SearchItemJson(string Type, JsonElement Id, string Title, string Url, string Snippet, SearchGroupJson Group, DateTimeOffset Date, string Language)
{
    public string IdText => Ids.Text(Id);
}

public sealed record SearchFacetsJson(
    Dictionary<string, long> Type, Dictionary<string, long> Group, Dictionary<string, long> Stakeholder, Dictionary<string, long> Year)
{
    public bool IsEmpty => Type.Count == 0 && Group.Count == 0 && Stakeholder.Count == 0 && Year.Count == 0;
}

public sealed record SearchResultJson(long Total, int Page, int PageSize, List<SearchItemJson> Items, SearchFacetsJson Facets);

public sealed record RebuildStatusJson(bool Running, long Total, long Remaining, double Done, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public sealed record ThreadJson(int Id, int GroupId, string Title, DateTimeOffset CreatedAt, int LastSeq);

public sealed record MessageJson(long Id, int ThreadId, int Seq, string Body, DateTimeOffset CreatedAt, bool Deleted, bool Hidden);

public sealed record DraftSummaryJson(int Id, int GroupId, string Title, int Version, string Language);

public sealed record BlockJson(string Anchor, string Text);

public sealed record DraftJson(int Id, int Version, List<BlockJson> Blocks);

public sealed record AgendaItemJson(int Id, int Position, string Title, string? Presenter, string? Notes, bool ReviewsActions);

public sealed record MeetingJson(int Id, int GroupId, string Title, string Attribution, bool AgendaPublished, List<AgendaItemJson>? Agenda);

public sealed record MinutesJson(int? Version, string? Body, string? Attribution);

public static class Ids
{
    public static string Text(JsonElement id) => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();

    public static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
