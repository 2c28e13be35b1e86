using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChildForum.Search.Benchmarks;

/// <summary>The least work any exact evaluation of a query must do on this index: read every posting of its terms in
/// every segment (documents and frequencies; positions too for a phrase's terms), on one thread, nothing scored,
/// nothing collected. Set beside "match and count only" (also one thread), it says how much of a query's time is
/// Lucene's scorers and how much is reading the index: a faster way of scoring (term at a time, bit sets) can win at
/// most the difference, and a query whose floor is over its budget needs a different index (runs of words), not a
/// different scorer. Prefix queries are left out (their terms are only known after rewriting them).</summary>
public static class PostingsFloor
{
    /// <summary>How many postings were read; null when the query holds something other than term, phrase and boolean
    /// queries.</summary>
    public static long? Read(IndexReader reader, Query query)
    {
        var terms = new List<(Term Term, bool Positions)>();
        if (!Collect(query, terms))
        {
            return null;
        }
        long postings = 0;
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            foreach (var (term, positions) in terms)
            {
                var termsEnum = segment.GetTerms(term.Field)?.GetEnumerator();
                if (termsEnum is null || !termsEnum.SeekExact(term.Bytes))
                {
                    continue;
                }
                postings += positions ? ReadPositions(termsEnum.DocsAndPositions(segment.LiveDocs, null)) : ReadDocs(termsEnum.Docs(segment.LiveDocs, null));
            }
        }
        return postings;
    }

    private static bool Collect(Query query, List<(Term, bool)> terms)
    {
        switch (query)
        {
            case TermQuery term:
                terms.Add((term.Term, false));
                return true;
            case PhraseQuery phrase:
                terms.AddRange(phrase.GetTerms().Select(t => (t, true)));
                return true;
            case BooleanQuery boolean:
                return boolean.Clauses.All(c => Collect(c.Query, terms));
            default:
                return false;
        }
    }

    /// <summary>Documents and their frequencies, which scoring reads (the postings reader decodes them with each block
    /// of documents when they are asked for, as here by default).</summary>
    private static long ReadDocs(DocsEnum docs)
    {
        long count = 0;
        while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
        {
            _ = docs.Freq;
            count++;
        }
        return count;
    }

    /// <summary>Documents and every position in them (which a phrase check reads).</summary>
    private static long ReadPositions(DocsAndPositionsEnum docs)
    {
        long count = 0;
        while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
        {
            for (var i = docs.Freq; i > 0; i--)
            {
                docs.NextPosition();
            }
            count++;
        }
        return count;
    }
}
