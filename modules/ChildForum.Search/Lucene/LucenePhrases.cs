using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChildForum.Search.Lucene;

/// <summary>A phrase as a Lucene query: its terms at their positions counted from the first term. Lucene's own phrase
/// builder keeps leading stop words as holes ("the village child" puts "village" at position 1), and a phrase that starts
/// with a hole cannot match at the start of a text, so a document that begins "Village child…" was not found by
/// "the village child".
/// <para>Tried and dropped (docs/benchmarks.md, "Third sitting"): indexing runs of two (and three) words beside the words
/// and looking phrases up by them, as Elasticsearch's <c>index_phrases</c> does. At a million documents the slowest phrases
/// went from 45–63 to 40–45 ms (15–20 ms with runs of three), but at 100,000 documents indexing was 15–20% slower and the
/// p99 rose above its target.</para></summary>
public static class LucenePhrases
{
    /// <summary>One term as a term query, several as a phrase; null when the text has no term (only stop words).</summary>
    public static Query? Phrase(Analyzer analyzer, string field, string text)
    {
        var terms = new List<(string Term, int Position)>();
        using (var stream = analyzer.GetTokenStream(field, new StringReader(text)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            stream.Reset();
            var position = -1;
            while (stream.IncrementToken())
            {
                position = position < 0 ? 0 : position + increment.PositionIncrement;
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
        }
        var phrase = new PhraseQuery();
        foreach (var (term, position) in terms)
        {
            phrase.Add(new Term(field, term), position);
        }
        return phrase;
    }
}
