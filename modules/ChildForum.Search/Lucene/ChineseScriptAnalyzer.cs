using ICU4N.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>The <see cref="CJKAnalyzer"/> chain (standard tokenizer, width folding, lower case (<see cref="FastLowerCaseFilter"/>), bigrams, its stop words)
/// with ICU's <c>Traditional-Simplified</c> transform on each character before the bigrams are made, so that partners in
/// Hong Kong and Taiwan who write 留守兒童 and readers who search 留守儿童 meet on the same terms, at index and query time
/// alike. The transform changes a token's text only, never its offsets: highlights stay on the text as written.
/// Changing this chain changes the terms in the index, so an index built before it needs a rebuild (the reindex
/// command).</summary>
public sealed class ChineseScriptAnalyzer(LuceneVersion version) : Analyzer
{
    /// <summary>ICU's identifier of the transform (Elasticsearch's <c>icu_transform</c> filter takes the same one).</summary>
    public const string TransformId = "Traditional-Simplified";

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader);
        TokenStream stream = new CJKWidthFilter(source);
        stream = new TraditionalToSimplifiedFilter(stream);
        stream = new FastLowerCaseFilter(version, stream);
        stream = new CJKBigramFilter(stream);
        return new TokenStreamComponents(source, new StopFilter(version, stream, CJKAnalyzer.DefaultStopSet));
    }
}

/// <summary>ICU's <see cref="ChineseScriptAnalyzer.TransformId"/> transform, read once into a table of Han characters.
/// The standard tokenizer makes each Han character a token of its own, so Lucene.Net.ICU's <c>ICUTransformFilter</c> would
/// call the transliterator once per character: measured, that took the CJK chain from 57 to 98 µs of CPU per Chinese
/// document of the search benchmark (72 ns a token), some 8% of the indexing budget (5,000 documents/s). The table
/// gives the same terms (every Han character of the Basic Multilingual Plane maps to one character; a test holds the
/// two chains equal) for an array read per character. Characters outside the Basic Multilingual Plane (rare; ICU maps
/// few of them) are left as written.</summary>
public sealed class TraditionalToSimplifiedFilter : TokenFilter
{
    private const char First = '\u3400';
    private const char Last = '\uFAFF';

    private static readonly Lazy<char[]> Table = new(Build);

    private readonly ICharTermAttribute _term;

    public TraditionalToSimplifiedFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        var table = Table.Value;
        var buffer = _term.Buffer;
        for (var i = 0; i < _term.Length; i++)
        {
            var c = buffer[i];
            if (c is >= First and <= Last && table[c - First] is var simplified and not '\0')
            {
                buffer[i] = simplified;
            }
        }
        return true;
    }

    /// <summary>Each Han character's Simplified form where ICU's transform gives one other character; '\0' elsewhere.</summary>
    private static char[] Build()
    {
        var transform = Transliterator.GetInstance(ChineseScriptAnalyzer.TransformId);
        var table = new char[Last - First + 1];
        for (var c = First; c <= Last; c++)
        {
            if (!LuceneFields.IsHan(c))
            {
                continue;
            }
            var result = transform.Transliterate(c.ToString());
            if (result.Length == 1 && result[0] != c)
            {
                table[c - First] = result[0];
            }
        }
        return table;
    }
}
