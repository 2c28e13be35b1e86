using System.Globalization;
using System.Net;
using System.Text;
using ChildForum.Core.Search;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Search;

namespace ChildForum.Search.Elasticsearch;

/// <summary>Reads what the client parsed into the contract's types: hits with their snippets, and the facets.</summary>
public static class ElasticsearchHits
{
    public static SearchResult ToResult(SearchResponse<ElasticsearchDocument> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var aggregations = response.Aggregations;
        var facets = new SearchFacets(
            Counts(aggregations?.GetStringTerms(ElasticsearchQueries.FacetType)),
            (aggregations?.GetLongTerms(ElasticsearchQueries.FacetGroup)?.Buckets ?? [])
                .Where(bucket => bucket.DocCount > 0 && bucket.Key is >= int.MinValue and <= int.MaxValue)
                .ToDictionary(bucket => (int)bucket.Key, bucket => bucket.DocCount),
            Counts(aggregations?.GetStringTerms(ElasticsearchQueries.FacetStakeholder)),
            (aggregations?.GetDateHistogram(ElasticsearchQueries.FacetYear)?.Buckets ?? [])
                .Where(bucket => bucket.DocCount > 0)
                .ToDictionary(
                    bucket => bucket.KeyAsString ?? bucket.Key.Year.ToString(CultureInfo.InvariantCulture),
                    bucket => bucket.DocCount));
        return new SearchResult(response.Total, [.. response.Hits.Select(ToHit)], facets);
    }

    /// <summary>The contract's hit: fields from <c>_source</c>, the snippet from the highlight.</summary>
    public static SearchHit ToHit(Hit<ElasticsearchDocument> hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var source = hit.Source ?? new ElasticsearchDocument();
        string snippet;
        if (First(hit.Highlight, "body") is { } bodyFragment)
        {
            snippet = SafeFragment(bodyFragment);
        }
        else if (source.Body.Length == 0 && First(hit.Highlight, "title") is { } titleFragment)
        {
            snippet = SafeFragment(titleFragment);
        }
        else
        {
            snippet = EscapedStart(source.Body);
        }
        return new SearchHit(
            source.Key.Length > 0 ? source.Key : hit.Id ?? "",
            source.Type, source.Id, source.Group, source.Title, source.Url, snippet, Date(source.Date), source.Language)
        {
            Stakeholders = source.Stakeholders,
        };
    }

    /// <summary>A highlighted fragment as safe HTML: only <c>&lt;mark&gt;</c> and <c>&lt;/mark&gt;</c> stay markup,
    /// balanced; all other text is decoded and escaped again. Elasticsearch's <c>html</c> encoder already escapes it;
    /// this keeps the contract even if a proxy or a misconfigured cluster answers otherwise.</summary>
    public static string SafeFragment(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        const string open = "<mark>", close = "</mark>";
        var html = new StringBuilder(fragment.Length + 16);
        var inMark = false;
        var position = 0;
        // Each tag's next place is searched again only once it has been passed, so the fragment is read once.
        int nextOpen = -2, nextClose = -2;
        while (position < fragment.Length)
        {
            if (nextOpen == -2 || (nextOpen >= 0 && nextOpen < position))
            {
                nextOpen = fragment.IndexOf(open, position, StringComparison.Ordinal);
            }
            if (nextClose == -2 || (nextClose >= 0 && nextClose < position))
            {
                nextClose = fragment.IndexOf(close, position, StringComparison.Ordinal);
            }
            var next = (nextOpen, nextClose) switch
            {
                (< 0, < 0) => -1,
                (< 0, _) => nextClose,
                (_, < 0) => nextOpen,
                _ => Math.Min(nextOpen, nextClose),
            };
            var end = next < 0 ? fragment.Length : next;
            html.Append(WebUtility.HtmlEncode(WebUtility.HtmlDecode(fragment[position..end])));
            if (next < 0)
            {
                break;
            }
            var isOpen = next == nextOpen;
            if (isOpen && !inMark)
            {
                html.Append(open);
                inMark = true;
            }
            else if (!isOpen && inMark)
            {
                html.Append(close);
                inMark = false;
            }
            position = next + (isOpen ? open.Length : close.Length);
        }
        if (inMark)
        {
            html.Append(close);
        }
        return html.ToString();
    }

    /// <summary>The snippet when nothing in the body was highlighted: its start, escaped, cut at a word near
    /// <see cref="ElasticsearchQueries.FragmentSize"/> characters.</summary>
    public static string EscapedStart(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = body.Trim();
        const int size = ElasticsearchQueries.FragmentSize;
        if (text.Length <= size)
        {
            return WebUtility.HtmlEncode(text);
        }
        var cut = char.IsLowSurrogate(text[size]) ? size - 1 : size;
        var space = text.LastIndexOf(' ', cut, cut - size / 2);
        if (space > 0)
        {
            cut = space;
        }
        return WebUtility.HtmlEncode(text[..cut].TrimEnd()) + "…";
    }

    private static Dictionary<string, long> Counts(StringTermsAggregate? terms) =>
        (terms?.Buckets ?? [])
            .Where(bucket => bucket.DocCount > 0 && bucket.Key.TryGetString(out _))
            .ToDictionary(bucket => bucket.Key.TryGetString(out var key) ? key! : "", bucket => bucket.DocCount, StringComparer.Ordinal);

    private static string? First(IReadOnlyDictionary<string, IReadOnlyCollection<string>>? highlight, string field) =>
        highlight is not null && highlight.TryGetValue(field, out var fragments) && fragments.FirstOrDefault() is { Length: > 0 } first ? first : null;

    private static DateTimeOffset Date(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date : default;
}
