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

    /// <summary>The term in any text field; null for a stop word. Every document is also in the CJK field, so a term
    /// that analyzes to nothing there (an English stop word) is dropped rather than left to match only in the
    /// Danish or Swedish fields. Chinese is searched only in the bigram fields: the others hold single characters,
    /// and Chinese matches on words of two characters or more.</summary>
    private static Query? Term(SearchTerm term)
    {
        var fields = new BooleanQuery();
        var chinese = term.Text.Any(IsHan);
        if (!term.IsPrefix && new QueryBuilder(LuceneFields.Analyzers[LuceneFields.Cjk]).CreateBooleanQuery(LuceneFields.Cjk, term.Text, Occur.MUST) is null)
        {
            return null;
        }
        foreach (var field in chinese ? [LuceneFields.Chinese, LuceneFields.Cjk] : LuceneFields.TextFields)
        {
            var builder = new QueryBuilder(LuceneFields.Analyzers[field]);
            Query? query;
            if (term.IsPrefix && !chinese)
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
        return fields.Clauses.Count == 0 ? null : fields;
    }

    /// <summary>What the caller may see, and the request's filters.</summary>
    public static Query Filter(SearchRequest request)
    {
        var visible = new BooleanQuery();
        if (request.ReaderGroups.Count > 0)
        {
            var readers = new BooleanQuery
            {
                { Groups(request.ReaderGroups), Occur.MUST },
                { new TermQuery(new Term(LuceneFields.Audience, SearchAudiences.Readers)), Occur.MUST },
            };
            visible.Add(readers, Occur.SHOULD);
        }
        if (request.FacilitatorGroups.Count > 0)
        {
            visible.Add(Groups(request.FacilitatorGroups), Occur.SHOULD);
        }
        var filter = new BooleanQuery { { visible, Occur.MUST } };
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
        return filter;
    }

    private static Query Groups(IReadOnlySet<int> groups)
    {
        var any = new BooleanQuery();
        foreach (var group in groups)
        {
            any.Add(new TermQuery(new Term(LuceneFields.Group, group.ToString(CultureInfo.InvariantCulture))), Occur.SHOULD);
        }
        return any;
    }

    public static bool IsHan(char c) => c is (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');
}
