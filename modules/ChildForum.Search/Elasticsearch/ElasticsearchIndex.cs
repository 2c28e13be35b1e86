using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChildForum.Core.Search;

namespace ChildForum.Search.Elasticsearch;

/// <summary>The index layout: names of the indices and aliases, the mapping, and how a <see cref="SearchDocument"/>
/// becomes an Elasticsearch document.</summary>
public sealed partial class ElasticsearchIndex
{
    /// <summary>Language fields: the document's language picks one of them for its title and body.</summary>
    public const string TextEnglish = "text_en";
    public const string TextChinese = "text_zh";
    public const string TextDanish = "text_da";
    public const string TextSwedish = "text_sv";
    public const string TextStandard = "text_std";

    /// <summary>Every document also has its title and body here (CJK bigrams, for mixed Chinese–English text).</summary>
    public const string TextCjk = "text_cjk";

    /// <summary>Every field a query term is matched against.</summary>
    public static readonly IReadOnlyList<string> TextFields = [TextEnglish, TextChinese, TextDanish, TextSwedish, TextStandard, TextCjk];

    /// <summary>The fields a hit is read from (the derived text fields are left out of the response).</summary>
    public static readonly IReadOnlyList<string> SourceFields = ["key", "type", "id", "group", "title", "url", "body", "date", "language"];

    public ElasticsearchIndex(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!ValidPrefix().IsMatch(prefix))
        {
            throw new ArgumentException(
                $"Search:Elasticsearch:IndexPrefix \"{prefix}\" is not usable as an index name: use lowercase letters, digits, '-' and '_', starting with a letter or digit.",
                nameof(prefix));
        }
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>What searches read: the live index.</summary>
    public string ReadAlias => $"{Prefix}-read";

    /// <summary>What the indexer writes: the live index, or during a rebuild the new one.</summary>
    public string WriteAlias => $"{Prefix}-write";

    /// <summary>A new concrete index, named after the current UTC time (<c>{prefix}-20250301t101500123</c>).</summary>
    public string NewIndexName(DateTimeOffset now) =>
        $"{Prefix}-{now.UtcDateTime.ToString("yyyyMMdd't'HHmmssfff", CultureInfo.InvariantCulture)}";

    /// <summary>The language field that holds a document's title and body.</summary>
    public static string LanguageField(string? language)
    {
        var primary = (language ?? "").Split('-', '_')[0].Trim().ToLowerInvariant();
        return primary switch
        {
            "zh" => TextChinese,
            "en" => TextEnglish,
            "da" => TextDanish,
            "sv" => TextSwedish,
            _ => TextStandard,
        };
    }

    /// <summary>The body of <c>PUT /{index}</c>: mapping with the built-in language analyzers, and optionally aliases.</summary>
    public static JsonObject CreateIndexBody(IEnumerable<(string Alias, bool IsWriteIndex)> aliases)
    {
        var body = new JsonObject { ["mappings"] = Mappings() };
        var aliasObject = new JsonObject();
        foreach (var (alias, isWriteIndex) in aliases)
        {
            aliasObject[alias] = isWriteIndex ? new JsonObject { ["is_write_index"] = true } : new JsonObject();
        }
        if (aliasObject.Count > 0)
        {
            body["aliases"] = aliasObject;
        }
        return body;
    }

    /// <summary>The mapping. <c>dynamic: strict</c> so that a document with a field not listed here is refused
    /// instead of widening the mapping.</summary>
    public static JsonObject Mappings()
    {
        static JsonObject Text(string analyzer) => new() { ["type"] = "text", ["analyzer"] = analyzer };
        static JsonObject Keyword() => new() { ["type"] = "keyword" };

        return new JsonObject
        {
            ["dynamic"] = "strict",
            ["properties"] = new JsonObject
            {
                ["key"] = Keyword(),
                ["parent"] = Keyword(),
                ["type"] = Keyword(),
                ["id"] = Keyword(),
                ["audience"] = Keyword(),
                ["language"] = Keyword(),
                ["stakeholders"] = Keyword(),
                ["group"] = new JsonObject { ["type"] = "integer" },
                ["date"] = new JsonObject { ["type"] = "date" },
                [TextEnglish] = Text("english"),
                [TextChinese] = Text("cjk"),
                [TextDanish] = Text("danish"),
                [TextSwedish] = Text("swedish"),
                [TextStandard] = Text("standard"),
                [TextCjk] = Text("cjk"),
                // Title and body are searched through the language fields above. They are text here only so that
                // the highlighter can mark them: the cjk analyzer (unstemmed words, Chinese bigrams) finds the words
                // of any language's query in them.
                ["title"] = Text("cjk"),
                ["body"] = Text("cjk"),
                ["url"] = new JsonObject { ["type"] = "keyword", ["index"] = false, ["doc_values"] = false },
            },
        };
    }

    /// <summary>The Elasticsearch document (<c>_source</c>) of a search document.</summary>
    public static JsonObject Document(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // Title and body as two values, so a phrase never spans from the title into the body.
        JsonArray Text() => [document.Title, document.Body];

        var stakeholders = new JsonArray();
        foreach (var stakeholder in document.Stakeholders)
        {
            stakeholders.Add(stakeholder);
        }
        return new JsonObject
        {
            ["key"] = document.Key,
            ["parent"] = document.Parent,
            ["type"] = document.Type,
            ["id"] = document.Id,
            ["group"] = document.GroupId,
            ["audience"] = document.Audience,
            ["language"] = document.Language,
            ["stakeholders"] = stakeholders,
            ["date"] = FormatDate(document.Date),
            ["title"] = document.Title,
            ["url"] = document.Url,
            ["body"] = document.Body,
            [LanguageField(document.Language)] = Text(),
            [TextCjk] = Text(),
        };
    }

    /// <summary>UTC with milliseconds: what the <c>date</c> type keeps, in its default format.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,200}$")]
    private static partial Regex ValidPrefix();
}
