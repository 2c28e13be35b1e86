using System.Text;
using ChildForum.Search.Lucene;
using ICU4N.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>The CJK chain folds Traditional to Simplified with a table read from ICU's transform
/// (<see cref="TraditionalToSimplifiedFilter"/>); it must give exactly what Lucene.Net.ICU's <see cref="ICUTransformFilter"/>
/// gives, with the offsets of the text as written.</summary>
public sealed class ChineseScriptAnalyzerTests
{
    /// <summary>The same chain with the library's filter in place of the table.</summary>
    private sealed class IcuChain : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(LuceneFields.Version, reader);
            TokenStream stream = new CJKWidthFilter(source);
            stream = new ICUTransformFilter(stream, Transliterator.GetInstance(ChineseScriptAnalyzer.TransformId));
            stream = new LowerCaseFilter(LuceneFields.Version, stream);
            stream = new CJKBigramFilter(stream);
            return new TokenStreamComponents(source, new StopFilter(LuceneFields.Version, stream, CJKAnalyzer.DefaultStopSet));
        }
    }

    private static List<(string Term, int Start, int End)> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<(string, int, int)>();
        using var stream = analyzer.GetTokenStream("f", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return tokens;
    }

    [Fact]
    public void Every_han_character_gives_the_terms_that_icus_transform_filter_gives()
    {
        // Every Han character of the Basic Multilingual Plane, in runs of eight (bigrams inside a run), runs apart.
        var text = new StringBuilder();
        var chars = Enumerable.Range(0x3400, 0xFAFF - 0x3400 + 1).Select(c => (char)c).Where(LuceneFields.IsHan).ToList();
        for (var i = 0; i < chars.Count; i++)
        {
            text.Append(chars[i]);
            if (i % 8 == 7)
            {
                text.Append(' ');
            }
        }

        using var icu = new IcuChain();
        using var table = new ChineseScriptAnalyzer(LuceneFields.Version);
        var expected = Tokens(icu, text.ToString());
        var actual = Tokens(table, text.ToString());

        Assert.True(chars.Count > 27_000, $"{chars.Count} characters");
        Assert.Equal(expected.Count, actual.Count);
        var differences = expected.Zip(actual).Where(p => p.First != p.Second).Take(5).ToList();
        Assert.True(differences.Count == 0, "Differs from ICUTransformFilter: " + string.Join(", ", differences));
        // Thousands of Traditional characters were folded: their bigrams are not in the text as written.
        var folded = actual.Count(t => !text.ToString().Contains(t.Term, StringComparison.Ordinal));
        Assert.True(folded > 2_000, $"Only {folded} terms were folded.");
    }

    [Theory]
    [InlineData("許多留守兒童在寄宿制學校就讀。Volunteers 週末 visit.")]
    [InlineData("许多留守儿童在寄宿制学校就读。Volunteers 周末 visit.")]
    public void Both_scripts_give_the_same_terms_at_the_offsets_of_the_text_as_written(string text)
    {
        using var analyzer = new ChineseScriptAnalyzer(LuceneFields.Version);

        var tokens = Tokens(analyzer, text);

        Assert.Equal(
            ["许多", "多留", "留守", "守儿", "儿童", "童在", "在寄", "寄宿", "宿制", "制学", "学校", "校就", "就读", "volunteers", "周末", "visit"],
            tokens.Select(t => t.Term));
        var children = tokens.Single(t => t.Term == "儿童");
        Assert.Equal(text.Substring(4, 2), text[children.Start..children.End]);
    }
}
