using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChildForum.Search.Lucene;

/// <summary>Word pairs indexed beside the words, so that a phrase is looked up by its pairs (Elasticsearch's
/// <c>index_phrases</c>). A phrase of common words ("village child director", 儿童主任 as the bigrams 儿童 童主 主任) made
/// Lucene read the positions of every document holding all its words, most of the index on this forum's subjects: measured,
/// such phrases set the p99 at a million documents. A pair is rare where its words are not, so a two-word phrase becomes
/// one term and a longer one a phrase of pairs, whose positions are read only where the pairs occur.
/// <para>Each pair of adjacent terms (the second one position after the first) is indexed in the same field, at the
/// second term's position and stacked on it, as <see cref="Marker"/> + first + space + second: no word, prefix or query
/// term can equal it, and stacked terms are not counted in the field's length, so scores of words are unchanged. A
/// phrase of terms at consecutive positions then matches exactly where its pairs are at consecutive positions.</para></summary>
public static class PhraseShingles
{
    /// <summary>Starts every pair term; no analyzer makes a term that starts with it.</summary>
    public const char Marker = '\u0001';

    /// <summary>The analyzer that writes <paramref name="inner"/>'s terms and their pairs.</summary>
    public static Analyzer Indexing(Analyzer inner) => new ShingledAnalyzer(inner);

    /// <summary>The phrase query of <paramref name="text"/> in <paramref name="field"/>: one term as a term query, a run
    /// of adjacent terms as a query on their pairs (a term query for two words, a phrase of pairs for more), and terms with
    /// gaps (stop words inside the phrase) as a phrase of words. Positions count from the first term: Lucene's own phrase
    /// builder keeps leading stop words as holes, and a phrase that starts with a hole cannot match at the start of a
    /// text. Null when the text has no term (only stop words).</summary>
    public static Query? Phrase(Analyzer analyzer, string field, string text)
    {
        var terms = new List<(string Term, int Position)>();
        var adjacent = true;
        using (var stream = analyzer.GetTokenStream(field, new StringReader(text)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            stream.Reset();
            var position = 0;
            while (stream.IncrementToken())
            {
                if (terms.Count > 0)
                {
                    adjacent &= increment.PositionIncrement == 1;
                    position += increment.PositionIncrement;
                }
                terms.Add((term.ToString(), position));
            }
            stream.End();
        }
        switch (terms.Count)
        {
            case 0:
                return null;
            case 1:
                return new TermQuery(new Term(field, terms[0].Term));
            case 2 when adjacent:
                return new TermQuery(new Term(field, Pair(terms[0].Term, terms[1].Term)));
        }
        var phrase = new PhraseQuery();
        if (adjacent)
        {
            for (var i = 1; i < terms.Count; i++)
            {
                phrase.Add(new Term(field, Pair(terms[i - 1].Term, terms[i].Term)), i - 1);
            }
        }
        else
        {
            foreach (var (term, position) in terms)
            {
                phrase.Add(new Term(field, term), position);
            }
        }
        return phrase;
    }

    public static string Pair(string first, string second) => string.Concat(Marker.ToString(), first, " ", second);

    private sealed class ShingledAnalyzer(Analyzer inner) : AnalyzerWrapper(PER_FIELD_REUSE_STRATEGY)
    {
        protected override Analyzer GetWrappedAnalyzer(string fieldName) => inner;

        protected override TokenStreamComponents WrapComponents(string fieldName, TokenStreamComponents components) =>
            new(components.Tokenizer, new PairFilter(components.TokenStream));
    }

    /// <summary>Passes every term through and, after a term that follows the previous one directly, adds their pair at
    /// the same position.</summary>
    internal sealed class PairFilter : TokenFilter
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly ITypeAttribute _type;
        private char[] _previous = new char[16];
        private int _previousLength = -1;
        private char[] _current = new char[16];
        private int _currentLength;
        private bool _pending;

        public PairFilter(TokenStream input)
            : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _type = AddAttribute<ITypeAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_pending)
            {
                // The term's other attributes (offsets) stay those of the second word.
                _pending = false;
                var length = 1 + _previousLength + 1 + _currentLength;
                var buffer = _term.ResizeBuffer(length);
                buffer[0] = Marker;
                Array.Copy(_previous, 0, buffer, 1, _previousLength);
                buffer[1 + _previousLength] = ' ';
                Array.Copy(_current, 0, buffer, 2 + _previousLength, _currentLength);
                _term.Length = length;
                _increment.PositionIncrement = 0;
                _type.Type = "shingle";
                (_previous, _current) = (_current, _previous);
                _previousLength = _currentLength;
                return true;
            }
            if (!m_input.IncrementToken())
            {
                return false;
            }
            var adjacent = _previousLength >= 0 && _increment.PositionIncrement == 1;
            var target = adjacent ? _current : _previous;
            if (target.Length < _term.Length)
            {
                target = new char[Math.Max(_term.Length, target.Length * 2)];
            }
            Array.Copy(_term.Buffer, target, _term.Length);
            if (adjacent)
            {
                _current = target;
                _currentLength = _term.Length;
                _pending = true;
            }
            else
            {
                // The first term, or one after a gap (a stop word) or stacked on its predecessor: no pair ends here.
                _previous = target;
                _previousLength = _term.Length;
            }
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _previousLength = -1;
            _pending = false;
        }
    }
}
