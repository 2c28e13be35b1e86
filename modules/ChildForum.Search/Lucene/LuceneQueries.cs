using System.Globalization;
using ChildForum.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ChildForum.Search.Lucene;

/// <summary>Lucene queries from a <see cref="ParsedQuery"/>: each term is searched in every text field with that
/// field's analyzer (a Chinese word becomes a phrase of bigrams; an English word is stemmed). User text is only
/// ever analyzed into terms, never parsed as Lucene syntax.</summary>
public static class LuceneQueries
{
    /// <summary>Null when no term of the query means anything (only stop words, say).</summary>
    public static Query? Build(ParsedQuery parsed)
    {
        var required = new List<Query>();
        foreach (var clause in parsed.Required)
        {
            var any = new BooleanQuery();
            foreach (var term in clause.AnyOf)
            {
                if (Term(term) is { } q)
                {
                    any.Add(q, Occur.SHOULD);
                }
            }
            if (any.Clauses.Count > 0)
            {
                required.Add(any);
            }
        }
        if (required.Count == 0)
        {
            return null;
        }
        var excluded = parsed.Excluded.Select(Term).OfType<Query>().ToList();
        var query = new BooleanQuery();
        for (var i = 0; i < required.Count; i++)
        {
            query.Add(VerifiedAmong(required[i], required.Where((_, j) => j != i), excluded), Occur.MUST);
        }
        foreach (var q in excluded)
        {
            query.Add(q, Occur.MUST_NOT);
        }
        return query;
    }

    /// <summary>A clause with a phrase (a quoted phrase, or a Chinese word of three characters or more, which is a phrase of
    /// bigrams) is checked position by position in every document that holds all its terms: over a large index, most of
    /// a search's time. Lucene 4.8 has no two-phase iteration, so the other words of the query do not spare it that work;
    /// here the phrase is restricted beforehand, as random-access bits, to the documents that the rest of the query
    /// allows (its other words, the other phrases' terms, no excluded word). Scores are those of the phrase alone: the
    /// filter only skips documents that could not match.</summary>
    private static Query VerifiedAmong(Query clause, IEnumerable<Query> others, IReadOnlyList<Query> excluded)
    {
        if (!HasPhrase(clause))
        {
            return clause;
        }
        var candidates = new BooleanQuery();
        foreach (var other in others)
        {
            candidates.Add(WithoutPositions(other), Occur.MUST);
        }
        if (candidates.Clauses.Count == 0)
        {
            if (excluded.Count == 0)
            {
                return clause;
            }
            candidates.Add(new MatchAllDocsQuery(), Occur.MUST);
        }
        foreach (var q in excluded)
        {
            candidates.Add(q, Occur.MUST_NOT);
        }
        return new FilteredQuery(clause, new CandidateBits(candidates), CandidateBits.Strategy);
    }

    private static bool HasPhrase(Query query) => query switch
    {
        PhraseQuery or MultiPhraseQuery => true,
        BooleanQuery boolean => boolean.Clauses.Any(c => HasPhrase(c.Query)),
        _ => false,
    };

    /// <summary>The query with each phrase replaced by all of its terms, in any position: it matches every document the
    /// query matches, and is checked without reading positions.</summary>
    private static Query WithoutPositions(Query query)
    {
        switch (query)
        {
            case PhraseQuery phrase:
                var terms = new BooleanQuery();
                foreach (var term in phrase.GetTerms())
                {
                    terms.Add(new TermQuery(term), Occur.MUST);
                }
                return terms;
            case BooleanQuery boolean when HasPhrase(boolean):
                var copy = new BooleanQuery(boolean.CoordDisabled) { MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
                foreach (var c in boolean.Clauses)
                {
                    copy.Add(WithoutPositions(c.Query), c.Occur);
                }
                return copy;
            default:
                return query;
        }
    }

    /// <summary>The documents of a query in one segment as a bit set, so that <see cref="FilteredQuery"/> hands them to the
    /// phrase as its accepted documents (random access) rather than stepping beside it.</summary>
    private sealed class CandidateBits(Query candidates) : Filter
    {
        public static readonly FilteredQuery.FilterStrategy Strategy = new AlwaysRandomAccess();

        private readonly QueryWrapperFilter _filter = new(candidates);

        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
        {
            var iterator = _filter.GetDocIdSet(context, acceptDocs)?.GetIterator();
            if (iterator is null)
            {
                return null;
            }
            var bits = new FixedBitSet(context.AtomicReader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }

        public override bool Equals(object? obj) => obj is CandidateBits other && other._filter.Equals(_filter);

        public override int GetHashCode() => _filter.GetHashCode();

        public override string ToString() => "candidates(" + _filter + ")";

        /// <summary>Random access whatever the first candidate (Lucene's default decides by whether it is among the first 100
        /// documents of the segment).</summary>
        private sealed class AlwaysRandomAccess : FilteredQuery.RandomAccessFilterStrategy
        {
            protected override bool UseRandomAccess(IBits bits, int firstFilterDoc) => true;
        }
    }

    /// <summary>The term in any text field; null for a stop word. A term that the CJK analyzer drops (an English stop
    /// word) is dropped rather than left to match only in the Danish or Swedish fields. Chinese is searched only in
    /// the bigram field: the others hold single characters, and Chinese matches on words of two characters or more.
    /// A prefix is looked up among unstemmed words (<see cref="LuceneFields.PrefixFields"/>): "volunteer*" must find
    /// "volunteers", which the English field holds as "volunt".</summary>
    private static Query? Term(SearchTerm term)
    {
        var fields = new BooleanQuery();
        var chinese = term.Text.Any(LuceneFields.IsHan);
        if (!term.IsPrefix && new QueryBuilder(LuceneFields.Analyzers[LuceneFields.Cjk]).CreateBooleanQuery(LuceneFields.Cjk, term.Text, Occur.MUST) is null)
        {
            return null;
        }
        var prefix = term.IsPrefix && !chinese;
        foreach (var field in prefix ? LuceneFields.PrefixFields : chinese ? [LuceneFields.Cjk] : LuceneFields.TextFields)
        {
            var builder = new QueryBuilder(LuceneFields.Analyzers[field]);
            Query? query;
            if (prefix)
            {
                query = new PrefixQuery(new Term(field, term.Text.ToLowerInvariant()));
            }
            else if (term.IsPhrase || chinese)
            {
                query = builder.CreatePhraseQuery(field, term.Text);
            }
            else
            {
                query = builder.CreateBooleanQuery(field, term.Text, Occur.MUST);
            }
            if (query is not null)
            {
                fields.Add(query, Occur.SHOULD);
            }
        }
        return fields.Clauses.Count switch
        {
            0 => null,
            1 => fields.Clauses[0].Query,
            _ => fields,
        };
    }

    /// <summary>The query of a request: its text, restricted to what the caller may see (a cached filter, see
    /// <see cref="VisibilityFilters"/>) and to the request's own filters.</summary>
    public static Query Filtered(Query text, SearchRequest request, VisibilityFilters visibility)
    {
        var narrowed = Narrowing(request) is { } narrowing ? new FilteredQuery(text, new QueryWrapperFilter(narrowing)) : text;
        return new FilteredQuery(narrowed, visibility.For(request.ReaderGroups, request.FacilitatorGroups));
    }

    /// <summary>What a caller may see: published content of the groups they read, everything of the groups they
    /// facilitate.</summary>
    public static Query Visible(IReadOnlySet<int> readerGroups, IReadOnlySet<int> facilitatorGroups)
    {
        var visible = new BooleanQuery();
        if (readerGroups.Count > 0)
        {
            var readers = new BooleanQuery
            {
                { Groups(readerGroups), Occur.MUST },
                { new TermQuery(new Term(LuceneFields.Audience, SearchAudiences.Readers)), Occur.MUST },
            };
            visible.Add(readers, Occur.SHOULD);
        }
        if (facilitatorGroups.Count > 0)
        {
            visible.Add(Groups(facilitatorGroups), Occur.SHOULD);
        }
        return visible;
    }

    /// <summary>The request's filters (type, group, stakeholder type, language, dates); null when it has none.</summary>
    public static Query? Narrowing(SearchRequest request)
    {
        var filter = new BooleanQuery();
        if (request.Type is { } type)
        {
            filter.Add(new TermQuery(new Term(LuceneFields.Type, type)), Occur.MUST);
        }
        if (request.Group is { } group)
        {
            filter.Add(new TermQuery(new Term(LuceneFields.Group, group.ToString(CultureInfo.InvariantCulture))), Occur.MUST);
        }
        if (request.Stakeholder is { } stakeholder)
        {
            filter.Add(new TermQuery(new Term(LuceneFields.Stakeholder, stakeholder)), Occur.MUST);
        }
        if (request.Language is { } language)
        {
            filter.Add(new TermQuery(new Term(LuceneFields.Language, language)), Occur.MUST);
        }
        if (request.From is not null || request.To is not null)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(LuceneFields.Date, request.From?.UtcTicks, request.To?.UtcTicks, true, true), Occur.MUST);
        }
        return filter.Clauses.Count == 0 ? null : filter;
    }

    private static Query Groups(IReadOnlySet<int> groups)
    {
        var any = new BooleanQuery();
        foreach (var group in groups.Order())
        {
            any.Add(new TermQuery(new Term(LuceneFields.Group, group.ToString(CultureInfo.InvariantCulture))), Occur.SHOULD);
        }
        return any;
    }
}
