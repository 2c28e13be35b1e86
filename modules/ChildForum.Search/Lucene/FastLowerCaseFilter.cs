using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary><see cref="LowerCaseFilter"/>'s terms, without its cost on the terms that dominate this index. Lucene.Net
/// lowercases each term through the invariant culture, which on Linux calls into ICU once per term: profiled, that was
/// 17% of the CPU of indexing, mostly on Chinese, where the standard tokenizer makes every Han character a term of its
/// own and none has a case. Here a term of ASCII letters and caseless CJK characters (Han, kana, Hangul syllables) is
/// lowercased in place; any other term goes through the library's own lowercasing. A test holds the two filters equal.</summary>
public sealed class FastLowerCaseFilter : TokenFilter
{
    private readonly CharacterUtils _characters;
    private readonly ICharTermAttribute _term;

    public FastLowerCaseFilter(LuceneVersion version, TokenStream input)
        : base(input)
    {
        _characters = CharacterUtils.GetInstance(version);
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        var buffer = _term.Buffer;
        var length = _term.Length;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c is >= 'A' and <= 'Z')
            {
                buffer[i] = (char)(c + ('a' - 'A'));
            }
            else if (c >= '\u0080' && !LuceneFields.IsCjk(c))
            {
                // A cased letter outside ASCII (or a surrogate): the rest of the term as the library does it.
                _characters.ToLower(buffer, i, length - i);
                break;
            }
        }
        return true;
    }
}

/// <summary>Lucene's <see cref="EnglishAnalyzer"/> chain (standard tokenizer and filter, possessives, lower case, English
/// stop words, Porter stemmer) with <see cref="FastLowerCaseFilter"/>: the same terms, cheaper.</summary>
public sealed class FastEnglishAnalyzer(LuceneVersion version) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader);
        TokenStream stream = new StandardFilter(version, source);
        stream = new EnglishPossessiveFilter(version, stream);
        stream = new FastLowerCaseFilter(version, stream);
        stream = new StopFilter(version, stream, EnglishAnalyzer.DefaultStopSet);
        return new TokenStreamComponents(source, new PorterStemFilter(stream));
    }
}

/// <summary>Lucene's <see cref="StandardAnalyzer"/> chain (standard tokenizer and filter, lower case, English stop words)
/// with <see cref="FastLowerCaseFilter"/>: the same terms, cheaper.</summary>
public sealed class FastStandardAnalyzer(LuceneVersion version) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader) { MaxTokenLength = StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH };
        TokenStream stream = new StandardFilter(version, source);
        stream = new FastLowerCaseFilter(version, stream);
        return new TokenStreamComponents(source, new StopFilter(version, stream, StandardAnalyzer.STOP_WORDS_SET));
    }
}
