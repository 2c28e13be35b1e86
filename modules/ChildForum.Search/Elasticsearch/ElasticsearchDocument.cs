using System.Text.Json.Serialization;

namespace ChildForum.Search.Elasticsearch;

/// <summary>A document's <c>_source</c> as the index maps it (<see cref="ElasticsearchIndex.Mappings"/>): what is written
/// through <c>_bulk</c> and read back from hits. Of the language fields only the document's own language is set; the
/// others are left out of the JSON.</summary>
public sealed class ElasticsearchDocument
{
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("parent")] public string? Parent { get; init; }
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("group")] public int Group { get; init; }
    [JsonPropertyName("audience")] public string? Audience { get; init; }
    [JsonPropertyName("language")] public string Language { get; init; } = "";
    [JsonPropertyName("stakeholders")] public IReadOnlyList<string> Stakeholders { get; init; } = [];
    [JsonPropertyName("date")] public string Date { get; init; } = "";
    [JsonPropertyName("title")] public string Title { get; init; } = "";
    [JsonPropertyName("url")] public string Url { get; init; } = "";
    [JsonPropertyName("body")] public string Body { get; init; } = "";

    // Title and body as two values, so a phrase never spans from the title into the body.
    [JsonPropertyName(ElasticsearchIndex.TextEnglish), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TextEnglish { get; init; }
    [JsonPropertyName(ElasticsearchIndex.TextChinese), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TextChinese { get; init; }
    [JsonPropertyName(ElasticsearchIndex.TextDanish), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TextDanish { get; init; }
    [JsonPropertyName(ElasticsearchIndex.TextSwedish), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TextSwedish { get; init; }
    [JsonPropertyName(ElasticsearchIndex.TextStandard), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TextStandard { get; init; }
    [JsonPropertyName(ElasticsearchIndex.TextCjk), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? TextCjk { get; init; }
}
