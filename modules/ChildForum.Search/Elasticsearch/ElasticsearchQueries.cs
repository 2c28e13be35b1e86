using ChildForum.Core.Search;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using EsSearchRequest = Elastic.Clients.Elasticsearch.SearchRequest;

namespace ChildForum.Search.Elasticsearch;

/// <summary>The search requests the backend sends, as the client's types. User text only ever becomes a query text or a
/// term value (a <c>multi_match</c>, a <c>term</c>); no query-string syntax is used, so nothing a user types is parsed
/// by Elasticsearch as syntax.</summary>
public static class ElasticsearchQueries
{
    /// <summary>Elasticsearch refuses <c>from + size</c> beyond this (<c>index.max_result_window</c>).</summary>
    public const int MaxResultWindow = 10_000;

    public const int FragmentSize = 160;

    public const string FacetType = "type";
    public const string FacetGroup = "group";
    public const string FacetStakeholder = "stakeholder";
    public const string FacetYear = "year";

    /// <summary><c>POST /{read alias}/_search</c> for one page, with the facets.</summary>
    /// <remarks>Filters chosen in the request (type, group, stakeholder, dates, language) go into the query's
    /// <c>filter</c> together with the permission filter, so the facets count exactly the visible matches that the
    /// hits come from: a facet shows how the current result divides, not what other filters would give.</remarks>
    public static EsSearchRequest Search(string index, Core.Search.SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, size) = Window(request.Page, request.PageSize);
        return new EsSearchRequest(index)
        {
            Query = Query(request),
            From = from,
            Size = size,
            TrackTotalHits = new TrackHits(true),
            Sort = Sort(request.Sort),
            Source = Source(),
            Highlight = Highlight(),
            Aggregations = Aggregations(),
        };
    }

    /// <summary>One page of an export: the same query and sort, no facets, continuing after the last hit's sort values
    /// (<c>search_after</c>), so an export is not limited by the result window.</summary>
    public static EsSearchRequest ExportPage(string index, Core.Search.SearchRequest request, int size, IReadOnlyCollection<FieldValue>? after)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = new EsSearchRequest(index)
        {
            Query = Query(request),
            Size = size,
            TrackTotalHits = new TrackHits(false),
            Sort = Sort(request.Sort),
            Source = Source(),
            Highlight = Highlight(),
        };
        if (after is not null)
        {
            page.SearchAfter = [.. after];
        }
        return page;
    }

    /// <summary>Every required clause, no excluded term, inside the permission filter and the chosen filters.</summary>
    public static Query Query(Core.Search.SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var must = request.Query.Required
            .Select(clause => (Query)new BoolQuery { Should = [.. clause.AnyOf.Select(TermQuery)], MinimumShouldMatch = 1 })
            .ToList();
        var filter = new List<Query> { Permission(request.ReaderGroups, request.FacilitatorGroups) };
        filter.AddRange(RequestFilters(request));
        var query = new BoolQuery { Must = must, Filter = filter };
        if (request.Query.Excluded.Count > 0)
        {
            query.MustNot = [.. request.Query.Excluded.Select(TermQuery)];
        }
        return query;
    }

    /// <summary>One term of the query over every text field: a phrase for <c>"phrases"</c> and for Chinese (whose
    /// bigrams must stay in order), a phrase prefix for <c>prefix*</c>, otherwise all of its words in one field.</summary>
    public static Query TermQuery(SearchTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var query = new MultiMatchQuery(term.Text) { Fields = Fields.FromStrings([.. ElasticsearchIndex.TextFields]) };
        if (term.IsPrefix)
        {
            query.Type = TextQueryType.PhrasePrefix;
        }
        else if (term.IsPhrase || ContainsHan(term.Text))
        {
            query.Type = TextQueryType.Phrase;
        }
        else
        {
            query.Type = TextQueryType.BestFields;
            query.Operator = Operator.And;
        }
        return query;
    }

    /// <summary>Visible: the group is one the caller reads and the document is for readers, or the caller
    /// facilitates the group.</summary>
    public static Query Permission(IReadOnlySet<int> readerGroups, IReadOnlySet<int> facilitatorGroups)
    {
        ArgumentNullException.ThrowIfNull(readerGroups);
        ArgumentNullException.ThrowIfNull(facilitatorGroups);
        Query asReader = new BoolQuery
        {
            Filter = [Groups(readerGroups), new TermQuery("audience", SearchAudiences.Readers)],
        };
        return new BoolQuery { Should = [asReader, Groups(facilitatorGroups)], MinimumShouldMatch = 1 };
    }

    /// <summary><c>from</c> and <c>size</c> for a page, kept inside the result window (a page past it is empty).</summary>
    public static (int From, int Size) Window(int page, int pageSize)
    {
        var size = Math.Clamp(pageSize, 1, MaxResultWindow);
        var from = (long)(Math.Max(page, 1) - 1) * size;
        if (from >= MaxResultWindow)
        {
            return (0, 0);
        }
        return ((int)from, (int)Math.Min(size, MaxResultWindow - from));
    }

    public static bool ContainsHan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var codePoint = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? char.ConvertToUtf32(text[i], text[++i])
                : text[i];
            if (IsHan(codePoint))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsHan(int c) =>
        c is >= 0x4E00 and <= 0x9FFF // CJK Unified Ideographs
            or >= 0x3400 and <= 0x4DBF // Extension A
            or >= 0xF900 and <= 0xFAFF // Compatibility Ideographs
            or >= 0x20000 and <= 0x323AF // Extensions B–H
            or >= 0x3005 and <= 0x3007; // 々 〆 〇

    private static Query Groups(IEnumerable<int> groups) =>
        new TermsQuery { Field = "group", Terms = new TermsQueryField([.. groups.Order().Select(group => FieldValue.Long(group))]) };

    private static IEnumerable<Query> RequestFilters(Core.Search.SearchRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Type))
        {
            yield return new TermQuery("type", request.Type.Trim());
        }
        if (request.Group is { } group)
        {
            yield return new TermQuery("group", group);
        }
        if (!string.IsNullOrWhiteSpace(request.Stakeholder))
        {
            yield return new TermQuery("stakeholders", request.Stakeholder.Trim());
        }
        if (request.From is not null || request.To is not null)
        {
            var range = new DateRangeQuery("date");
            if (request.From is { } from)
            {
                range.Gte = ElasticsearchIndex.FormatDate(from);
            }
            if (request.To is { } to)
            {
                range.Lte = ElasticsearchIndex.FormatDate(to);
            }
            yield return range;
        }
        if (!string.IsNullOrWhiteSpace(request.Language))
        {
            // "zh" also finds "zh-Hans"; "zh-Hans" finds itself, in any letter case.
            var language = request.Language.Trim();
            yield return new BoolQuery
            {
                Should =
                [
                    new TermQuery("language", language) { CaseInsensitive = true },
                    new PrefixQuery("language", language + "-") { CaseInsensitive = true },
                ],
                MinimumShouldMatch = 1,
            };
        }
    }

    /// <summary>The key last, so that pages do not overlap when scores or dates are equal (and <c>search_after</c> has
    /// a unique position to continue from).</summary>
    private static List<SortOptions> Sort(string sort)
    {
        var score = new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } };
        SortOptions date = new FieldSort("date") { Order = SortOrder.Desc };
        SortOptions key = new FieldSort("key") { Order = SortOrder.Asc };
        return string.Equals(sort, SearchSorts.Date, StringComparison.OrdinalIgnoreCase) ? [date, score, key] : [score, date, key];
    }

    private static SourceConfig Source() => new SourceFilter { Includes = Fields.FromStrings([.. ElasticsearchIndex.SourceFields]) };

    private static Highlight Highlight() => new()
    {
        Type = HighlighterType.Unified,
        PreTags = ["<mark>"],
        PostTags = ["</mark>"],
        // Everything but the tags is HTML-escaped by Elasticsearch (and checked again when the hit is read).
        Encoder = HighlighterEncoder.Html,
        // The query runs on the language fields; their terms are marked in the stored title and body.
        RequireFieldMatch = false,
        Fields =
        [
            new KeyValuePair<Field, HighlightField>("body", new HighlightField
            {
                FragmentSize = FragmentSize,
                NumberOfFragments = 1,
                // A very long body is highlighted in its first part instead of failing the search.
                MaxAnalyzedOffset = 500_000,
            }),
            new KeyValuePair<Field, HighlightField>("title", new HighlightField { NumberOfFragments = 0 }),
        ],
    };

    private static Dictionary<string, Aggregation> Aggregations() => new()
    {
        [FacetType] = new TermsAggregation { Field = "type", Size = 20 },
        [FacetGroup] = new TermsAggregation { Field = "group", Size = 500 },
        [FacetStakeholder] = new TermsAggregation { Field = "stakeholders", Size = 100 },
        [FacetYear] = new DateHistogramAggregation
        {
            Field = "date",
            CalendarInterval = CalendarInterval.Year,
            Format = "yyyy",
            MinDocCount = 1,
        },
    };
}
