using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Da;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Sv;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>The index's fields and the analyzer of each text field. A document's language chooses the field that
/// holds its title and body (English, Danish and Swedish stemmed; Chinese in CJK bigrams); every document is also
/// indexed in <see cref="Cjk"/>, so that Chinese words in English text (and the other way round) are found.</summary>
public static class LuceneFields
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public const string Key = "key";
    public const string Parent = "parent";
    public const string Type = "type";
    public const string Id = "id";
    public const string Group = "group";
    public const string Audience = "audience";
    public const string Language = "language";
    public const string Stakeholder = "stakeholder";
    public const string Date = "date";
    public const string Title = "title";
    public const string Url = "url";
    public const string Body = "body";
    public const string TypeValues = "type_dv";
    public const string GroupValues = "group_dv";
    public const string YearValues = "year_dv";
    public const string StakeholderValues = "stakeholder_dv";
    public const string DateValues = "date_dv";

    public const string English = "text_en";
    public const string Chinese = "text_zh";
    public const string Danish = "text_da";
    public const string Swedish = "text_sv";
    public const string Standard = "text_std";
    public const string Cjk = "text_cjk";

    public static readonly IReadOnlyList<string> TextFields = [English, Chinese, Danish, Swedish, Standard, Cjk];

    /// <summary>The language field for a BCP 47 tag.</summary>
    public static string FieldFor(string language) => language.ToLowerInvariant() switch
    {
        var l when l.StartsWith("zh", StringComparison.Ordinal) => Chinese,
        var l when l.StartsWith("en", StringComparison.Ordinal) => English,
        var l when l.StartsWith("da", StringComparison.Ordinal) => Danish,
        var l when l.StartsWith("sv", StringComparison.Ordinal) => Swedish,
        _ => Standard,
    };

    public static IReadOnlyDictionary<string, Analyzer> Analyzers { get; } = new Dictionary<string, Analyzer>
    {
        [English] = new EnglishAnalyzer(Version),
        [Chinese] = new CJKAnalyzer(Version),
        [Danish] = new DanishAnalyzer(Version),
        [Swedish] = new SwedishAnalyzer(Version),
        [Standard] = new StandardAnalyzer(Version),
        [Cjk] = new CJKAnalyzer(Version),
    };

    /// <summary>The writer's analyzer: each text field with its own; other fields are not analyzed.</summary>
    public static Analyzer PerField() => new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), Analyzers.ToDictionary(a => a.Key, a => a.Value));
}
