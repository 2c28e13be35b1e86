using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Da;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Sv;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using System.Text;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>The index's fields and the analyzer of each text field. English, Danish and Swedish documents are indexed,
/// stemmed, in their language's field (others in <see cref="Standard"/>); <see cref="Cjk"/> holds Chinese, Japanese and
/// Korean text as overlapping bigrams, Traditional Chinese folded to Simplified (<see cref="ChineseScriptAnalyzer"/>):
/// all of a Chinese document (its English words too), and the CJK runs of any other document, so that Chinese words in
/// English text are found. Each word is thus indexed once: a Chinese document has no second field (its language's
/// analyzer would be the same bigrams), and an English document's English words are not indexed again unstemmed, which
/// would make every English term match every English document twice. Prefix queries need those unstemmed words: a
/// non-Chinese document has them in <see cref="Prefix"/>, which serves prefixes only.</summary>
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
    public const string Danish = "text_da";
    public const string Swedish = "text_sv";
    public const string Standard = "text_std";
    public const string Cjk = "text_cjk";
    public const string Prefix = "text_prefix";

    /// <summary>Where a word is searched.</summary>
    public static readonly IReadOnlyList<string> TextFields = [English, Danish, Swedish, Standard, Cjk];

    /// <summary>Where a prefix is searched: the unstemmed words of every document.</summary>
    public static readonly IReadOnlyList<string> PrefixFields = [Prefix, Cjk];

    /// <summary><see cref="Prefix"/> only answers prefix queries, which neither score by frequency nor need
    /// positions: documents only, no norms.</summary>
    public static readonly FieldType PrefixFieldType = new()
    {
        IsIndexed = true,
        IsTokenized = true,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    };

    /// <summary>The language field for a BCP 47 tag (<see cref="Cjk"/> for Chinese).</summary>
    public static string FieldFor(string language) => language.ToLowerInvariant() switch
    {
        var l when l.StartsWith("zh", StringComparison.Ordinal) => Cjk,
        var l when l.StartsWith("en", StringComparison.Ordinal) => English,
        var l when l.StartsWith("da", StringComparison.Ordinal) => Danish,
        var l when l.StartsWith("sv", StringComparison.Ordinal) => Swedish,
        _ => Standard,
    };

    public static IReadOnlyDictionary<string, Analyzer> Analyzers { get; } = new Dictionary<string, Analyzer>
    {
        [English] = new FastEnglishAnalyzer(Version),
        [Danish] = new DanishAnalyzer(Version),
        [Swedish] = new SwedishAnalyzer(Version),
        [Standard] = new FastStandardAnalyzer(Version),
        [Cjk] = new ChineseScriptAnalyzer(Version),
        [Prefix] = new FastStandardAnalyzer(Version),
    };

    /// <summary>What a document holds in <see cref="Cjk"/>: all its text when that is its language field; otherwise its
    /// runs of CJK characters, separated by spaces so that no bigram spans two runs, or null when it has none.</summary>
    public static string? CjkText(string text, string languageField)
    {
        if (languageField == Cjk)
        {
            return text;
        }
        var runs = new StringBuilder();
        var previous = false;
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                if (!previous && runs.Length > 0)
                {
                    runs.Append(' ');
                }
                runs.Append(c);
            }
            previous = IsCjk(c);
        }
        return runs.Length == 0 ? null : runs.ToString();
    }

    /// <summary>Han ideographs (with extension A and compatibility ideographs), kana and Hangul syllables: what the CJK
    /// analyzer makes bigrams of.</summary>
    public static bool IsCjk(char c) => IsHan(c) || c is (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');

    public static bool IsHan(char c) => c is (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>The writer's analyzer: each text field with its own; other fields are not analyzed.</summary>
    public static Analyzer PerField() => new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), Analyzers.ToDictionary(a => a.Key, a => a.Value));
}
