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
        var query = new BooleanQuery();
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
                query.Add(any, Occur.MUST);
            }
        }
        if (query.Clauses.Count == 0)
        {
            return null;
        }
        foreach (var term in parsed.Excluded)
        {
            if (Term(term) is { } q)
            {
                query.Add(q, Occur.MUST_NOT);
            }
        }
        return query;
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
                query = LucenePhrases.Phrase(LuceneFields.Analyzers[field], field, term.Text);
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
