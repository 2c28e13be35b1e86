using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChildForum.Core.Search;

namespace ChildForum.Search.Elasticsearch;

/// <summary>A hit as Elasticsearch returns it.</summary>
public sealed record ElasticsearchHit(string Id, JsonElement Source, IReadOnlyDictionary<string, IReadOnlyList<string>> Highlight);

/// <summary>A bucket of a <c>terms</c> or <c>date_histogram</c> aggregation; <see cref="Key"/> is <c>key_as_string</c>
/// when present, otherwise <c>key</c> as written.</summary>
public sealed record ElasticsearchBucket(string Key, long DocCount);

public sealed record ElasticsearchSearchResponse(
    long Total, IReadOnlyList<ElasticsearchHit> Hits, IReadOnlyDictionary<string, IReadOnlyList<ElasticsearchBucket>> Aggregations);

public sealed record ElasticsearchBulkItem(string Operation, string? Id, int Status, string? ErrorType, string? ErrorReason)
{
    public bool Failed => ErrorType is not null || ErrorReason is not null;
}

public sealed record ElasticsearchBulkResponse(bool Errors, IReadOnlyList<ElasticsearchBulkItem> Items)
{
    public ElasticsearchBulkItem? FirstFailure => Items.FirstOrDefault(item => item.Failed);

    public bool HasFailures => Errors || FirstFailure is not null;
}

public sealed record ElasticsearchDeleteByQueryResponse(long Total, long Deleted, long VersionConflicts, IReadOnlyList<string> Failures);

/// <summary>Reads the JSON bodies Elasticsearch answers with, and maps a search response to the contract.</summary>
public static class ElasticsearchResponses
{
    public static ElasticsearchSearchResponse ReadSearch(string json)
    {
        using var document = Parse(json, "search");
        var root = document.RootElement;

        long total = 0;
        var hits = new List<ElasticsearchHit>();
        if (root.TryGetProperty("hits", out var hitsObject) && hitsObject.ValueKind == JsonValueKind.Object)
        {
            if (hitsObject.TryGetProperty("total", out var totalElement))
            {
                // An object {value, relation}, or a number with rest_total_hits_as_int.
                total = totalElement.ValueKind switch
                {
                    JsonValueKind.Object when totalElement.TryGetProperty("value", out var value) => value.GetInt64(),
                    JsonValueKind.Number => totalElement.GetInt64(),
                    _ => 0,
                };
            }
            if (hitsObject.TryGetProperty("hits", out var hitArray) && hitArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var hit in hitArray.EnumerateArray())
                {
                    hits.Add(ReadHit(hit));
                }
            }
        }

        var aggregations = new Dictionary<string, IReadOnlyList<ElasticsearchBucket>>(StringComparer.Ordinal);
        if (root.TryGetProperty("aggregations", out var aggregationsObject) && aggregationsObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var aggregation in aggregationsObject.EnumerateObject())
            {
                if (aggregation.Value.ValueKind == JsonValueKind.Object && aggregation.Value.TryGetProperty("buckets", out var buckets))
                {
                    // With typed_keys the name is "sterms#type"; the name we gave is after the '#'.
                    var name = aggregation.Name[(aggregation.Name.IndexOf('#', StringComparison.Ordinal) + 1)..];
                    aggregations[name] = ReadBuckets(buckets);
                }
            }
        }
        return new ElasticsearchSearchResponse(total, hits, aggregations);
    }

    public static ElasticsearchBulkResponse ReadBulk(string json)
    {
        using var document = Parse(json, "bulk");
        var root = document.RootElement;
        var errors = root.TryGetProperty("errors", out var errorsElement) && errorsElement.ValueKind == JsonValueKind.True;
        var items = new List<ElasticsearchBulkItem>();
        if (root.TryGetProperty("items", out var itemArray) && itemArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in itemArray.EnumerateArray())
            {
                // Each item is {"index": {...}} (or create, update, delete).
                foreach (var operation in item.EnumerateObject())
                {
                    var result = operation.Value;
                    var id = String(result, "_id");
                    var status = result.TryGetProperty("status", out var statusElement) && statusElement.ValueKind == JsonValueKind.Number
                        ? statusElement.GetInt32()
                        : 0;
                    string? errorType = null, errorReason = null;
                    if (result.TryGetProperty("error", out var error))
                    {
                        (errorType, errorReason) = ReadErrorCause(error);
                    }
                    items.Add(new ElasticsearchBulkItem(operation.Name, id, status, errorType, errorReason));
                }
            }
        }
        return new ElasticsearchBulkResponse(errors, items);
    }

    public static ElasticsearchDeleteByQueryResponse ReadDeleteByQuery(string json)
    {
        using var document = Parse(json, "delete by query");
        var root = document.RootElement;
        var failures = new List<string>();
        if (root.TryGetProperty("failures", out var failureArray) && failureArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var failure in failureArray.EnumerateArray())
            {
                var (type, reason) = failure.TryGetProperty("cause", out var cause) ? ReadErrorCause(cause) : ReadErrorCause(failure);
                failures.Add(reason ?? type ?? failure.GetRawText());
            }
        }
        return new ElasticsearchDeleteByQueryResponse(Long(root, "total"), Long(root, "deleted"), Long(root, "version_conflicts"), failures);
    }

    /// <summary>The indices of <c>GET /_alias/{name}</c>: <c>{"index": {"aliases": {...}}}</c>.</summary>
    public static IReadOnlyList<string> ReadAliasIndices(string json)
    {
        using var document = Parse(json, "get alias");
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? [.. document.RootElement.EnumerateObject()
                .Where(index => index.Value.ValueKind == JsonValueKind.Object && index.Value.TryGetProperty("aliases", out _))
                .Select(index => index.Name)
                .Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The error of a failed request: <c>{"error": {"type", "reason"}, "status"}</c>, or whatever text came.</summary>
    public static ElasticsearchException ReadError(HttpStatusCode status, string operation, string body)
    {
        string? type = null, reason = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                (type, reason) = ReadErrorCause(error);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): the text itself is the reason.
        }
        reason ??= body.Length > 500 ? body[..500] : body;
        return new ElasticsearchException($"Elasticsearch {operation} failed ({(int)status}{(type is null ? "" : " " + type)}): {reason}", status, type);
    }

    /// <summary>The contract's result: hits from <c>_source</c>, the snippet from the highlight, facets from the
    /// aggregations.</summary>
    public static SearchResult ToResult(ElasticsearchSearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var hits = response.Hits.Select(ToHit).ToList();
        var facets = new SearchFacets(
            Counts(response, ElasticsearchRequests.FacetType),
            Counts(response, ElasticsearchRequests.FacetGroup)
                .Where(bucket => int.TryParse(bucket.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                .ToDictionary(bucket => int.Parse(bucket.Key, CultureInfo.InvariantCulture), bucket => bucket.Value),
            Counts(response, ElasticsearchRequests.FacetStakeholder),
            Counts(response, ElasticsearchRequests.FacetYear));
        return new SearchResult(response.Total, hits, facets);
    }

    public static SearchHit ToHit(ElasticsearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var source = hit.Source;
        var body = String(source, "body") ?? "";
        string snippet;
        if (First(hit.Highlight, "body") is { } bodyFragment)
        {
            snippet = SafeFragment(bodyFragment);
        }
        else if (body.Length == 0 && First(hit.Highlight, "title") is { } titleFragment)
        {
            snippet = SafeFragment(titleFragment);
        }
        else
        {
            snippet = EscapedStart(body);
        }
        return new SearchHit(
            String(source, "key") ?? hit.Id,
            String(source, "type") ?? "",
            String(source, "id") ?? "",
            Int(source, "group"),
            String(source, "title") ?? "",
            String(source, "url") ?? "",
            snippet,
            Date(source, "date"),
            String(source, "language") ?? "");
    }

    /// <summary>A highlighted fragment as safe HTML: only <c>&lt;mark&gt;</c> and <c>&lt;/mark&gt;</c> stay markup,
    /// balanced; all other text is decoded and escaped again, whatever the server sent.</summary>
    public static string SafeFragment(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        const string open = "<mark>", close = "</mark>";
        var html = new StringBuilder(fragment.Length + 16);
        var inMark = false;
        var position = 0;
        // Each tag's next place is searched again only once it has been passed, so the fragment is read once (searching
        // both afresh after every tag read a fragment of many opening tags and no closing one over and over).
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
    /// <see cref="ElasticsearchRequests.FragmentSize"/> characters.</summary>
    public static string EscapedStart(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = body.Trim();
        if (text.Length <= ElasticsearchRequests.FragmentSize)
        {
            return WebUtility.HtmlEncode(text);
        }
        var cut = ElasticsearchRequests.FragmentSize;
        if (char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }
        var space = text.LastIndexOf(' ', cut, cut - ElasticsearchRequests.FragmentSize / 2);
        if (space > 0)
        {
            cut = space;
        }
        return WebUtility.HtmlEncode(text[..cut].TrimEnd()) + "…";
    }

    private static JsonDocument Parse(string json, string operation)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new ElasticsearchException($"Elasticsearch {operation} answered with something that is not JSON: {exception.Message}", null, null, exception);
        }
    }

    private static ElasticsearchHit ReadHit(JsonElement hit)
    {
        var highlight = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (hit.TryGetProperty("highlight", out var highlightObject) && highlightObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in highlightObject.EnumerateObject())
            {
                if (field.Value.ValueKind == JsonValueKind.Array)
                {
                    highlight[field.Name] = [.. field.Value.EnumerateArray()
                        .Where(fragment => fragment.ValueKind == JsonValueKind.String)
                        .Select(fragment => fragment.GetString()!)];
                }
            }
        }
        var source = hit.TryGetProperty("_source", out var sourceElement) && sourceElement.ValueKind == JsonValueKind.Object
            ? sourceElement.Clone()
            : EmptyObject;
        return new ElasticsearchHit(String(hit, "_id") ?? "", source, highlight);
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static List<ElasticsearchBucket> ReadBuckets(JsonElement buckets)
    {
        var list = new List<ElasticsearchBucket>();
        IEnumerable<(string? Name, JsonElement Bucket)> all = buckets.ValueKind switch
        {
            JsonValueKind.Array => buckets.EnumerateArray().Select(bucket => ((string?)null, bucket)),
            // "keyed": true gives an object by key.
            JsonValueKind.Object => buckets.EnumerateObject().Select(bucket => ((string?)bucket.Name, bucket.Value)),
            _ => [],
        };
        foreach (var (name, bucket) in all)
        {
            if (bucket.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var key = String(bucket, "key_as_string")
                ?? (bucket.TryGetProperty("key", out var keyElement)
                    ? keyElement.ValueKind == JsonValueKind.String ? keyElement.GetString() : keyElement.GetRawText()
                    : name);
            if (key is not null)
            {
                list.Add(new ElasticsearchBucket(key, Long(bucket, "doc_count")));
            }
        }
        return list;
    }

    private static Dictionary<string, long> Counts(ElasticsearchSearchResponse response, string name)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (response.Aggregations.TryGetValue(name, out var buckets))
        {
            foreach (var bucket in buckets.Where(bucket => bucket.DocCount > 0))
            {
                counts[bucket.Key] = bucket.DocCount;
            }
        }
        return counts;
    }

    private static (string? Type, string? Reason) ReadErrorCause(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.Object => (String(error, "type"), String(error, "reason")),
        JsonValueKind.String => (null, error.GetString()),
        _ => (null, error.GetRawText()),
    };

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string>> highlight, string field) =>
        highlight.TryGetValue(field, out var fragments) && fragments.Count > 0 && fragments[0].Length > 0 ? fragments[0] : null;

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long Long(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number)
            ? number
            : 0;

    private static int Int(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return 0;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 0,
        };
    }

    private static DateTimeOffset Date(JsonElement element, string property)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value))
        {
            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                return date;
            }
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var milliseconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }
        }
        return default;
    }
}
