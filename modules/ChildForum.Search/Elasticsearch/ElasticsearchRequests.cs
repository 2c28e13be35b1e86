using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using ChildForum.Core.Search;

namespace ChildForum.Search.Elasticsearch;

/// <summary>Builds the bodies of the requests the backend sends. User text only ever becomes a JSON string value
/// (a <c>multi_match</c> query text, a term); no query-string syntax is used, so nothing a user types is parsed
/// by Elasticsearch as syntax.</summary>
public static class ElasticsearchRequests
{
    /// <summary>Elasticsearch refuses <c>from + size</c> beyond this (<c>index.max_result_window</c>).</summary>
    public const int MaxResultWindow = 10_000;

    public const int FragmentSize = 160;

    public const string FacetType = "type";
    public const string FacetGroup = "group";
    public const string FacetStakeholder = "stakeholder";
    public const string FacetYear = "year";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Valid JSON either way; this keeps Chinese readable in logs while still escaping HTML-sensitive characters.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(JsonOptions);

    /// <summary>The NDJSON body of <c>POST /{alias}/_bulk</c>: an <c>index</c> action (<c>_id</c> = key) and the
    /// document, one line each, ending with a newline.</summary>
    public static string Bulk(IEnumerable<SearchDocument> documents)
    {
        var ndjson = new StringBuilder();
        foreach (var document in documents)
        {
            var action = new JsonObject { ["index"] = new JsonObject { ["_id"] = document.Key } };
            ndjson.Append(Serialize(action)).Append('\n');
            ndjson.Append(Serialize(ElasticsearchIndex.Document(document))).Append('\n');
        }
        return ndjson.ToString();
    }

    /// <summary>The body of <c>POST /{alias}/_delete_by_query</c>: every document of the given parents, except the
    /// ones just written (<paramref name="keep"/>), so that replacing a parent never leaves a moment without it.</summary>
    public static JsonObject DeleteByParents(IEnumerable<string> parents, IEnumerable<string> keep)
    {
        var query = new JsonObject
        {
            ["filter"] = new JsonArray(new JsonObject { ["terms"] = new JsonObject { ["parent"] = Strings(parents) } }),
        };
        var keepIds = Strings(keep);
        if (keepIds.Count > 0)
        {
            query["must_not"] = new JsonArray(new JsonObject { ["ids"] = new JsonObject { ["values"] = keepIds } });
        }
        return new JsonObject { ["query"] = new JsonObject { ["bool"] = query } };
    }

    /// <summary>The body of <c>POST /_aliases</c>.</summary>
    public static JsonObject Aliases(IEnumerable<AliasAction> actions)
    {
        var list = new JsonArray();
        foreach (var action in actions)
        {
            list.Add(action switch
            {
                AliasAction.Add add => new JsonObject
                {
                    ["add"] = add.IsWriteIndex
                        ? new JsonObject { ["index"] = add.Index, ["alias"] = add.Alias, ["is_write_index"] = true }
                        : new JsonObject { ["index"] = add.Index, ["alias"] = add.Alias },
                },
                AliasAction.Remove remove => new JsonObject { ["remove"] = new JsonObject { ["index"] = remove.Index, ["alias"] = remove.Alias } },
                AliasAction.RemoveIndex removeIndex => new JsonObject { ["remove_index"] = new JsonObject { ["index"] = removeIndex.Index } },
                _ => throw new ArgumentException($"Unknown alias action {action}.", nameof(actions)),
            });
        }
        return new JsonObject { ["actions"] = list };
    }

    /// <summary>The body of <c>POST /{read alias}/_search</c>.</summary>
    /// <remarks>Filters chosen in the request (type, group, stakeholder, dates, language) go into the query's
    /// <c>filter</c> together with the permission filter, so the facets count exactly the visible matches that the
    /// hits come from: a facet shows how the current result divides, not what other filters would give.</remarks>
    public static JsonObject Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var must = new JsonArray();
        foreach (var clause in request.Query.Required)
        {
            var anyOf = new JsonArray();
            foreach (var term in clause.AnyOf)
            {
                anyOf.Add(TermQuery(term));
            }
            must.Add(new JsonObject { ["bool"] = new JsonObject { ["should"] = anyOf, ["minimum_should_match"] = 1 } });
        }

        var mustNot = new JsonArray();
        foreach (var term in request.Query.Excluded)
        {
            mustNot.Add(TermQuery(term));
        }

        var filter = new JsonArray(Permission(request.ReaderGroups, request.FacilitatorGroups));
        foreach (var requested in RequestFilters(request))
        {
            filter.Add(requested);
        }

        var boolQuery = new JsonObject { ["must"] = must, ["filter"] = filter };
        if (mustNot.Count > 0)
        {
            boolQuery["must_not"] = mustNot;
        }

        var (from, size) = Window(request.Page, request.PageSize);
        return new JsonObject
        {
            ["query"] = new JsonObject { ["bool"] = boolQuery },
            ["from"] = from,
            ["size"] = size,
            ["track_total_hits"] = true,
            ["sort"] = Sort(request.Sort),
            ["_source"] = new JsonObject { ["includes"] = Strings(ElasticsearchIndex.SourceFields) },
            ["highlight"] = Highlight(),
            ["aggregations"] = Aggregations(),
        };
    }

    /// <summary>One term of the query over every text field: a phrase for <c>"phrases"</c> and for Chinese (whose
    /// bigrams must stay in order), a phrase prefix for <c>prefix*</c>, otherwise all of its words in one field.</summary>
    public static JsonObject TermQuery(SearchTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var multiMatch = new JsonObject
        {
            ["query"] = term.Text,
            ["fields"] = Strings(ElasticsearchIndex.TextFields),
        };
        if (term.IsPrefix)
        {
            multiMatch["type"] = "phrase_prefix";
        }
        else if (term.IsPhrase || ContainsHan(term.Text))
        {
            multiMatch["type"] = "phrase";
        }
        else
        {
            multiMatch["type"] = "best_fields";
            multiMatch["operator"] = "and";
        }
        return new JsonObject { ["multi_match"] = multiMatch };
    }

    /// <summary>Visible: the group is one the caller reads and the document is for readers, or the caller
    /// facilitates the group.</summary>
    public static JsonObject Permission(IReadOnlySet<int> readerGroups, IReadOnlySet<int> facilitatorGroups)
    {
        ArgumentNullException.ThrowIfNull(readerGroups);
        ArgumentNullException.ThrowIfNull(facilitatorGroups);
        var asReader = new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonArray(
                    new JsonObject { ["terms"] = new JsonObject { ["group"] = Integers(readerGroups) } },
                    Term("audience", SearchAudiences.Readers)),
            },
        };
        var asFacilitator = new JsonObject { ["terms"] = new JsonObject { ["group"] = Integers(facilitatorGroups) } };
        return new JsonObject
        {
            ["bool"] = new JsonObject { ["should"] = new JsonArray(asReader, asFacilitator), ["minimum_should_match"] = 1 },
        };
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
            int codePoint;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            else
            {
                codePoint = text[i];
            }
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

    private static IEnumerable<JsonObject> RequestFilters(SearchRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Type))
        {
            yield return Term("type", request.Type.Trim());
        }
        if (request.Group is { } group)
        {
            yield return new JsonObject { ["term"] = new JsonObject { ["group"] = new JsonObject { ["value"] = group } } };
        }
        if (!string.IsNullOrWhiteSpace(request.Stakeholder))
        {
            yield return Term("stakeholders", request.Stakeholder.Trim());
        }
        if (request.From is not null || request.To is not null)
        {
            var range = new JsonObject();
            if (request.From is { } from)
            {
                range["gte"] = ElasticsearchIndex.FormatDate(from);
            }
            if (request.To is { } to)
            {
                range["lte"] = ElasticsearchIndex.FormatDate(to);
            }
            yield return new JsonObject { ["range"] = new JsonObject { ["date"] = range } };
        }
        if (!string.IsNullOrWhiteSpace(request.Language))
        {
            // "zh" also finds "zh-Hans"; "zh-Hans" finds itself, in any letter case.
            var language = request.Language.Trim();
            var exact = Term("language", language);
            exact["term"]!["language"]!["case_insensitive"] = true;
            var subtags = new JsonObject
            {
                ["prefix"] = new JsonObject { ["language"] = new JsonObject { ["value"] = language + "-", ["case_insensitive"] = true } },
            };
            yield return new JsonObject
            {
                ["bool"] = new JsonObject { ["should"] = new JsonArray(exact, subtags), ["minimum_should_match"] = 1 },
            };
        }
    }

    private static JsonArray Sort(string sort)
    {
        static JsonObject By(string field, string order) => new() { [field] = new JsonObject { ["order"] = order } };
        // The key last, so that pages do not overlap when scores or dates are equal.
        return string.Equals(sort, SearchSorts.Date, StringComparison.OrdinalIgnoreCase)
            ? [By("date", "desc"), By("_score", "desc"), By("key", "asc")]
            : [By("_score", "desc"), By("date", "desc"), By("key", "asc")];
    }

    private static JsonObject Highlight() => new()
    {
        ["type"] = "unified",
        ["pre_tags"] = new JsonArray("<mark>"),
        ["post_tags"] = new JsonArray("</mark>"),
        // Everything but the tags is HTML-escaped by Elasticsearch (and checked again when the response is read).
        ["encoder"] = "html",
        // The query runs on the language fields; their terms are marked in the stored title and body.
        ["require_field_match"] = false,
        // The list form: the API description allows one field per object (and the list keeps the order).
        ["fields"] = new JsonArray(
            new JsonObject
            {
                ["body"] = new JsonObject
                {
                    ["fragment_size"] = FragmentSize,
                    ["number_of_fragments"] = 1,
                    // A very long body is highlighted in its first part instead of failing the search.
                    ["max_analyzed_offset"] = 500_000,
                },
            },
            new JsonObject { ["title"] = new JsonObject { ["number_of_fragments"] = 0 } }),
    };

    private static JsonObject Aggregations()
    {
        static JsonObject Terms(string field, int size) =>
            new() { ["terms"] = new JsonObject { ["field"] = field, ["size"] = size } };

        return new JsonObject
        {
            [FacetType] = Terms("type", 20),
            [FacetGroup] = Terms("group", 500),
            [FacetStakeholder] = Terms("stakeholders", 100),
            [FacetYear] = new JsonObject
            {
                ["date_histogram"] = new JsonObject
                {
                    ["field"] = "date",
                    ["calendar_interval"] = "year",
                    ["format"] = "yyyy",
                    ["min_doc_count"] = 1,
                },
            },
        };
    }

    private static JsonObject Term(string field, string value) =>
        new() { ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value } } };

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }
        return array;
    }

    private static JsonArray Integers(IEnumerable<int> values)
    {
        var array = new JsonArray();
        foreach (var value in values.Order())
        {
            array.Add(value);
        }
        return array;
    }
}

/// <summary>One action of <c>POST /_aliases</c>; all actions of one request happen atomically.</summary>
public abstract record AliasAction
{
    private AliasAction()
    {
    }

    public sealed record Add(string Index, string Alias, bool IsWriteIndex = false) : AliasAction;

    public sealed record Remove(string Index, string Alias) : AliasAction;

    /// <summary>Deletes an index in the same atomic step.</summary>
    public sealed record RemoveIndex(string Index) : AliasAction;
}
