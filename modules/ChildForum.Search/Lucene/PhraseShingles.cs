using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChildForum.Search.Lucene;

/// <summary>Runs of two and three words indexed beside the words, so that a phrase is looked up by them (as Elasticsearch's
/// <c>index_phrases</c> does with pairs). A phrase of common words ("village child director", 儿童主任 as the bigrams
/// 儿童 童主 主任) made Lucene read the positions of every document holding all its words, most of the index on this forum's
/// subjects: measured, such phrases set the p99 at a million documents. A run of words is a term of its own: a phrase of two
/// or three words (most Chinese words of four characters are three bigrams) is one term, a longer one a phrase of triples.
/// <para>Each run of two or three adjacent terms (each one position after the one before) is indexed in the same field,
/// stacked on its last term, as <see cref="Marker"/> + the words joined by spaces: no word, prefix or query term can equal
/// it (no analyzer makes a term with a space or the marker), and stacked terms are not counted in the field's length, so
/// scores of words are unchanged. A phrase of terms at consecutive positions then matches exactly where its triples are
/// at consecutive positions. Measured at a million documents: indexing ~2% slower, the index ~35% larger per run length.</para></summary>
public static class PhraseShingles
{
    /// <summary>Starts every pair term; no analyzer makes a term that starts with it.</summary>
    public const char Marker = '\u0001';

    /// <summary>The analyzer that writes <paramref name="inner"/>'s terms and their runs of two and three.</summary>
    public static Analyzer Indexing(Analyzer inner) => new ShingledAnalyzer(inner);

    /// <summary>The phrase query of <paramref name="text"/> in <paramref name="field"/>: one term as a term query, a run
    /// of adjacent terms as a query on their runs (a term query for two or three words, a phrase of triples for more), and terms with
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
            case 2 or 3 when adjacent:
                return new TermQuery(new Term(field, Run(terms.Select(t => t.Term))));
        }
        var phrase = new PhraseQuery();
        if (adjacent)
        {
            for (var i = 0; i + 2 < terms.Count; i++)
            {
                phrase.Add(new Term(field, Run(terms.Skip(i).Take(3).Select(t => t.Term))), i);
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

    /// <summary>The indexed term of a run of two or three words.</summary>
    public static string Run(IEnumerable<string> words) => Marker + string.Join(' ', words);

    private sealed class ShingledAnalyzer(Analyzer inner) : AnalyzerWrapper(PER_FIELD_REUSE_STRATEGY)
    {
        protected override Analyzer GetWrappedAnalyzer(string fieldName) => inner;

        protected override TokenStreamComponents WrapComponents(string fieldName, TokenStreamComponents components) =>
            new(components.Tokenizer, new RunFilter(components.TokenStream));
    }

    /// <summary>Passes every term through and, after a term that follows the previous one directly, adds the run of the
    /// two and, when that one followed its own previous term directly, the run of the three, stacked on it.</summary>
    internal sealed class RunFilter : TokenFilter
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly ITypeAttribute _type;

        // The last three terms (oldest first) and how many of them end in an unbroken run.
        private readonly char[][] _words = [new char[16], new char[16], new char[16]];
        private readonly int[] _lengths = new int[3];
        private int _run;
        private int _pending;

        public RunFilter(TokenStream input)
            : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _type = AddAttribute<ITypeAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_pending > 0)
            {
                // The pair first, then the triple; the other attributes (offsets) stay those of the last word.
                Emit(_pending == _run - 1 ? 2 : 3);
                _pending--;
                return true;
            }
            if (!m_input.IncrementToken())
            {
                return false;
            }
            // A gap (a stop word) or a term stacked on its predecessor breaks the run; the first term starts one.
            _run = _run > 0 && _increment.PositionIncrement == 1 ? Math.Min(_run + 1, 3) : 1;
            (_words[0], _words[1], _words[2]) = (_words[1], _words[2], _words[0]);
            (_lengths[0], _lengths[1]) = (_lengths[1], _lengths[2]);
            if (_words[2].Length < _term.Length)
            {
                _words[2] = new char[Math.Max(_term.Length, _words[2].Length * 2)];
            }
            Array.Copy(_term.Buffer, _words[2], _term.Length);
            _lengths[2] = _term.Length;
            _pending = _run - 1;
            return true;
        }

        /// <summary>Turns the current token into the run of the last <paramref name="count"/> words, stacked.</summary>
        private void Emit(int count)
        {
            var length = count;
            for (var i = 3 - count; i < 3; i++)
            {
                length += _lengths[i];
            }
            var buffer = _term.ResizeBuffer(length);
            buffer[0] = Marker;
            var at = 1;
            for (var i = 3 - count; i < 3; i++)
            {
                if (at > 1)
                {
                    buffer[at++] = ' ';
                }
                Array.Copy(_words[i], 0, buffer, at, _lengths[i]);
                at += _lengths[i];
            }
            _term.Length = length;
            _increment.PositionIncrement = 0;
            _type.Type = "shingle";
        }

        public override void Reset()
        {
            base.Reset();
            _run = 0;
            _pending = 0;
        }
    }
}
