using System.Globalization;
using System.Text.RegularExpressions;
using ChildForum.Core.Search;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Analysis;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace ChildForum.Search.Elasticsearch;

/// <summary>The index layout: names of the indices and aliases, the analysis and the mapping, and how a
/// <see cref="SearchDocument"/> becomes an Elasticsearch document.</summary>
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

    /// <summary>The analyzer of Chinese and mixed text: Elasticsearch's built-in <c>cjk</c> chain (width folding,
    /// lowercase, bigrams, English stop words) with ICU's Traditional→Simplified transform before the bigrams, so that
    /// 兒童 and 儿童 index and query as the same terms. Offsets stay those of the text as written, so the highlight does too.</summary>
    public const string ChineseAnalyzer = "childforum_cjk";

    /// <summary>The <c>icu_transform</c> token filter; it needs the cluster's <c>analysis-icu</c> plugin.</summary>
    public const string TraditionalToSimplified = "childforum_traditional_simplified";

    /// <summary>Every field a query term is matched against.</summary>
    public static readonly IReadOnlyList<string> TextFields = [TextEnglish, TextChinese, TextDanish, TextSwedish, TextStandard, TextCjk];

    /// <summary>The fields a hit is read from (the derived text fields are left out of the response).</summary>
    public static readonly IReadOnlyList<string> SourceFields = ["key", "type", "id", "group", "title", "url", "body", "date", "language", "stakeholders"];

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

    /// <summary><c>PUT /{index}</c>: analysis, mapping and optionally aliases.</summary>
    public static CreateIndexRequest CreateIndex(string index, IEnumerable<(string Alias, bool IsWriteIndex)> aliases)
    {
        var request = new CreateIndexRequest(index) { Settings = Settings(), Mappings = Mappings() };
        var aliasMap = aliases.ToDictionary(a => (Name)a.Alias, a => a.IsWriteIndex ? new Alias { IsWriteIndex = true } : new Alias());
        if (aliasMap.Count > 0)
        {
            request.Aliases = aliasMap;
        }
        return request;
    }

    /// <summary>The analysis settings: <see cref="ChineseAnalyzer"/>; the other languages use built-in analyzers.</summary>
    public static IndexSettings Settings() => new()
    {
        Analysis = new IndexSettingsAnalysis
        {
            TokenFilters = new TokenFilters { { TraditionalToSimplified, new IcuTransformTokenFilter { Id = "Traditional-Simplified" } } },
            Analyzers = new Analyzers
            {
                {
                    ChineseAnalyzer,
                    new CustomAnalyzer { Tokenizer = "standard", Filter = ["cjk_width", "lowercase", TraditionalToSimplified, "cjk_bigram", "stop"] }
                },
            },
        },
    };

    /// <summary>The layout of an index (mapping and analysis), kept in the mapping's <c>_meta</c>. Raise it with any change
    /// that makes documents indexed before it answer differently: the indexer then rebuilds into a new index at start.
    /// 2: Traditional Chinese folded to Simplified (<c>analysis-icu</c>); an index without a layout is older.</summary>
    public const string Layout = "2";

    /// <summary><c>_meta.childforum.layout</c> (the specification types each <c>_meta</c> entry as an object).</summary>
    public const string MetaKey = "childforum";

    public const string LayoutKey = "layout";

    /// <summary>The layout a mapping's <c>_meta</c> names, or null (an index of an earlier version, or someone else's).</summary>
    public static string? LayoutOf(IDictionary<string, object>? meta) =>
        meta?.TryGetValue(MetaKey, out var ours) == true && ours switch
        {
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json => json.TryGetProperty(LayoutKey, out var layout) ? layout.ToString() : null,
            IDictionary<string, object> map => map.TryGetValue(LayoutKey, out var layout) ? layout?.ToString() : null,
            _ => null,
        } is { } found ? found : null;

    /// <summary>The mapping. <c>dynamic: strict</c> so that a document with a field not listed here is refused
    /// instead of widening the mapping.</summary>
    public static TypeMapping Mappings() => new()
    {
        Meta = new Dictionary<string, object> { [MetaKey] = new Dictionary<string, string> { [LayoutKey] = Layout } },
        Dynamic = DynamicMapping.Strict,
        Properties = new Properties
        {
            { "key", new KeywordProperty() },
            { "parent", new KeywordProperty() },
            { "type", new KeywordProperty() },
            { "id", new KeywordProperty() },
            { "audience", new KeywordProperty() },
            { "language", new KeywordProperty() },
            { "stakeholders", new KeywordProperty() },
            { "group", new IntegerNumberProperty() },
            { "date", new DateProperty() },
            { TextEnglish, new TextProperty { Analyzer = "english" } },
            { TextChinese, new TextProperty { Analyzer = ChineseAnalyzer } },
            { TextDanish, new TextProperty { Analyzer = "danish" } },
            { TextSwedish, new TextProperty { Analyzer = "swedish" } },
            { TextStandard, new TextProperty { Analyzer = "standard" } },
            { TextCjk, new TextProperty { Analyzer = ChineseAnalyzer } },
            // Title and body are searched through the language fields above. They are text here only so that the
            // highlighter can mark them: the CJK analyzer (unstemmed words, Chinese bigrams) finds the words of any
            // language's query in them.
            { "title", new TextProperty { Analyzer = ChineseAnalyzer } },
            { "body", new TextProperty { Analyzer = ChineseAnalyzer } },
            { "url", new KeywordProperty { Index = false, DocValues = false } },
        },
    };

    /// <summary>The Elasticsearch document (<c>_source</c>) of a search document.</summary>
    public static ElasticsearchDocument Document(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        IReadOnlyList<string> text = [document.Title, document.Body];
        var field = LanguageField(document.Language);
        return new ElasticsearchDocument
        {
            Key = document.Key,
            Parent = document.Parent,
            Type = document.Type,
            Id = document.Id,
            Group = document.GroupId,
            Audience = document.Audience,
            Language = document.Language,
            Stakeholders = [.. document.Stakeholders],
            Date = FormatDate(document.Date),
            Title = document.Title,
            Url = document.Url,
            Body = document.Body,
            TextEnglish = field == TextEnglish ? text : null,
            TextChinese = field == TextChinese ? text : null,
            TextDanish = field == TextDanish ? text : null,
            TextSwedish = field == TextSwedish ? text : null,
            TextStandard = field == TextStandard ? text : null,
            TextCjk = text,
        };
    }

    /// <summary>UTC with milliseconds: what the <c>date</c> type keeps, in its default format.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,200}$")]
    private static partial Regex ValidPrefix();
}
