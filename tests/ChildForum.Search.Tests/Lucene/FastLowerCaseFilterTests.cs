using System.Text;
using ChildForum.Search.Lucene;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>The index's analyzers lowercase with <see cref="FastLowerCaseFilter"/>; their terms, positions and offsets
/// must be exactly those of Lucene's own analyzers, or an index and its queries would disagree with what the library
/// documents.</summary>
public sealed class FastLowerCaseFilterTests
{
    /// <summary>Text of every kind the filter decides on: ASCII, Latin letters with and without case, Greek, Cyrillic,
    /// Turkish dotted capitals, full-width Latin, Han (Simplified and Traditional), kana, Hangul, digits, emoji and other
    /// characters outside the Basic Multilingual Plane, and the characters around each range the filter treats as caseless.</summary>
    public static TheoryData<string> Texts() => new()
    {
        "Left-behind CHILDREN in Guizhou's boarding Schools: the UNICEF Hotline, 12355",
        "ÉCOLE Ærø Øresund Ålborg straße ΣΊΣΥΦΟΣ ПРИВЕТ İstanbul IĞDIR ǅemal ﬁnance",
        "留守兒童 儿童主任 ＡＢＣ全角 ｶﾀｶﾅ カタカナ ひらがな 한국어 아동 보호",
        "𠀀𠀁 𝐀𝐁𝐂 😀 Ⅻ ⓐⒶ \u3400\u33FF\u9FFF\uA000\uF8FF\uF900\uFAFF\uFB00 \u303F\u3040\u30FF\u3100 \uABFF\uAC00\uD7AF\uD7B0",
        Mixed(),
        // Terms of every length up to 300 with a non-ASCII capital early on: the library's lowercasing is then asked for the
        // rest of the term, up to a term that fills its buffer exactly.
        string.Join(' ', Enumerable.Range(2, 299).Select(n => "AÉ" + new string('Ö', n - 2))),
        string.Join(' ', Enumerable.Range(1, 299).Select(n => new string('X', n) + "Ä")),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_filter_gives_the_terms_of_lucenes_lower_case_filter(string text)
    {
        Assert.Equal(Tokens(new Chain(fast: false), text), Tokens(new Chain(fast: true), text));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_english_analyzer_gives_the_terms_of_lucenes(string text)
    {
        Assert.Equal(Tokens(new EnglishAnalyzer(LuceneFields.Version), text), Tokens(new FastEnglishAnalyzer(LuceneFields.Version), text));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_standard_analyzer_gives_the_terms_of_lucenes(string text)
    {
        Assert.Equal(Tokens(new StandardAnalyzer(LuceneFields.Version), text), Tokens(new FastStandardAnalyzer(LuceneFields.Version), text));
    }

    [Fact]
    public void Ascii_capitals_are_lowered_and_chinese_is_kept()
    {
        Assert.Equal(["left-behind", "儿童", "ünicef", "兒童ok"], Tokens(new Chain(fast: true), "LEFT-Behind 儿童 ÜNICEF 兒童OK").Select(t => t.Term));
    }

    /// <summary>Every character of the Basic Multilingual Plane except surrogates, in words of eight, with capitals.</summary>
    private static string Mixed()
    {
        var text = new StringBuilder();
        for (var c = 0x21; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            text.Append((char)c);
            if (c % 8 == 0)
            {
                text.Append(' ');
            }
        }
        return text.ToString();
    }

    private sealed class Chain(bool fast) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new WhitespaceTokenizer(LuceneFields.Version, reader);
            return new TokenStreamComponents(source, fast ? new FastLowerCaseFilter(LuceneFields.Version, source) : new LowerCaseFilter(LuceneFields.Version, source));
        }
    }

    private static List<(string Term, int Start, int End, int Increment)> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<(string, int, int, int)>();
        using var stream = analyzer.GetTokenStream("f", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset, increment.PositionIncrement));
        }
        stream.End();
        return tokens;
    }
}
