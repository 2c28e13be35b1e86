using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ChildForum.Search.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>A request the client sent (its body decompressed).</summary>
public sealed record RecordedRequest(
    string Method, Uri Uri, IReadOnlyDictionary<string, string> Query, string? ContentType, string? Body, string? Authorization)
{
    public string Path => Uri.UnescapeDataString(Uri.AbsolutePath);

    public JsonObject Json => JsonNode.Parse(Body ?? throw new InvalidOperationException($"{Method} {Path} has no body."))!.AsObject();

    /// <summary>The lines of an NDJSON body.</summary>
    public IReadOnlyList<JsonObject> Lines =>
        [.. (Body ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())];

    public override string ToString() => $"{Method} {Path}{(Query.Count == 0 ? "" : "?" + string.Join("&", Query.Select(p => $"{p.Key}={p.Value}")))}";
}

/// <summary>How the cluster fails while a test wants it down.</summary>
public enum ClusterFailure
{
    None,
    RefuseConnections,
    ServiceUnavailable,
}

/// <summary>The HTTP side of the official client in tests, in place of a cluster. Every request is checked against the
/// OpenAPI description in <c>Spec/</c> (<see cref="SpecAssert"/>): an undocumented path, parameter or body is answered
/// with a 400 and recorded in <see cref="Violations"/>, which every test checks. Answers are the documented response
/// shapes (with <c>X-Elastic-Product</c> and the compatible-with=9 media type), filled from what the test indexed: it
/// keeps indices, aliases and documents. It is not a search engine: a document matches when its title or body contains
/// a query text, which is enough to follow a document from the outbox to a hit; how Elasticsearch ranks and analyses
/// is the live suite's business (<c>ElasticsearchBackendConformanceTests</c>).</summary>
public sealed class SpecElasticsearch : HttpMessageHandler
{
    public const string BaseAddress = "http://elasticsearch.test:9200/";

    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<string> _violations = [];

    /// <summary>Alias → the indices it points at; the write index is marked.</summary>
    public Dictionary<string, Dictionary<string, bool>> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Index → document id → source.</summary>
    public Dictionary<string, Dictionary<string, JsonObject>> Indices { get; } = new(StringComparer.Ordinal);

    /// <summary>Index → its mapping as created (a test may change it, e.g. to look like an earlier layout).</summary>
    public Dictionary<string, JsonObject> Mappings { get; } = new(StringComparer.Ordinal);

    /// <summary>Documents (by <c>_id</c>) that a bulk request fails, as a mapping error would.</summary>
    public HashSet<string> RefusedDocuments { get; } = new(StringComparer.Ordinal);

    /// <summary>Set while the cluster should look down.</summary>
    public ClusterFailure Failure { get; set; }

    /// <summary>The body of <c>PUT /{index}</c> answers this instead when set (a cluster without a plugin, say).</summary>
    public Func<RecordedRequest, HttpResponseMessage?>? Answer { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>The official client over this handler (its own HTTP stack, pool, serializer and error handling).</summary>
    public ElasticsearchClient Client(ElasticsearchOptions? options = null) =>
        ElasticsearchClientFactory.Create(options ?? new ElasticsearchOptions { Url = BaseAddress }, Invoker());

    /// <summary>The client's own HTTP invoker, sending through this handler instead of the network.</summary>
    public IRequestInvoker Invoker() => new HttpRequestInvoker((_, _) => this);

    /// <summary>A backend on this handler with its own index prefix.</summary>
    public ElasticsearchBackend Backend(string? prefix = null, ElasticsearchOptions? options = null)
    {
        options ??= new ElasticsearchOptions { Url = BaseAddress };
        options.IndexPrefix = prefix ?? NewPrefix();
        return new ElasticsearchBackend(Client(options), Options.Create(new SearchOptions { Backend = "elasticsearch", Elasticsearch = options }));
    }

    public static string NewPrefix() => "cf" + Guid.NewGuid().ToString("N")[..12];

    public void AssertConforms() => Assert.True(Violations.Count == 0, "Requests outside the Elasticsearch specification:\n" + string.Join("\n", Violations));

    public IReadOnlyList<string> IndicesOf(string alias)
    {
        lock (_lock)
        {
            return Aliases.TryGetValue(alias, out var indices) ? [.. indices.Keys.Order(StringComparer.Ordinal)] : [];
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (Failure)
        {
            case ClusterFailure.RefuseConnections:
                throw new HttpRequestException("Connection refused (elasticsearch.test:9200)", new SocketException((int)SocketError.ConnectionRefused));
            case ClusterFailure.ServiceUnavailable:
                return Json(HttpStatusCode.ServiceUnavailable, """{"error":{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];"},"status":503}""");
        }
        var uri = request.RequestUri!;
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "", StringComparer.Ordinal);
        string? body = null;
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (request.Content.Headers.ContentEncoding.Contains("gzip"))
            {
                await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain, cancellationToken);
                bytes = plain.ToArray();
            }
            body = bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes);
        }
        var contentType = request.Content?.Headers.ContentType?.MediaType;
        var recorded = new RecordedRequest(request.Method.Method, uri, query, contentType, body, request.Headers.Authorization?.ToString());
        lock (_lock)
        {
            _requests.Add(recorded);
            var problems = SpecAssert.Problems(recorded);
            if (problems.Count > 0)
            {
                _violations.AddRange(problems.Select(problem => $"{recorded}: {problem}"));
                return Json(HttpStatusCode.BadRequest, new JsonObject
                {
                    ["error"] = new JsonObject { ["type"] = "specification_violation", ["reason"] = string.Join("; ", problems) },
                    ["status"] = 400,
                }.ToJsonString());
            }
            var response = Answer?.Invoke(recorded) ?? Default(recorded);
            // Elasticsearch answers in the media type asked for: the versioned one, or plain JSON (the client asks
            // for that with NDJSON bodies).
            if (request.Headers.Accept.Any(accept => accept.MediaType == "application/json") && response.Content.Headers.ContentType is not null)
            {
                response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
            }
            return response;
        }
    }

    private HttpResponseMessage Default(RecordedRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (request.Method, segments)
        {
            case ("HEAD", []):
                return Json(HttpStatusCode.OK, "");
            case ("GET", []):
                return Json(HttpStatusCode.OK, """
                    {"name":"node-1","cluster_name":"childforum-test","cluster_uuid":"4kQ7tS2vQxWc3cH6yZbI1w",
                     "version":{"number":"9.1.0","build_flavor":"default","build_type":"docker","build_hash":"abc","build_date":"2025-07-17T22:27:18.237Z",
                     "build_snapshot":false,"lucene_version":"10.2.2","minimum_wire_compatibility_version":"8.19.0","minimum_index_compatibility_version":"8.0.0"},
                     "tagline":"You Know, for Search"}
                    """);
            case ("GET", ["_alias", var alias]):
                if (!Aliases.TryGetValue(alias, out var pointing) || pointing.Count == 0)
                {
                    return Json(HttpStatusCode.NotFound, $$"""{"error":"alias [{{alias}}] missing","status":404}""");
                }
                var answer = new JsonObject();
                foreach (var (index, isWrite) in pointing)
                {
                    answer[index] = new JsonObject
                    {
                        ["aliases"] = new JsonObject { [alias] = isWrite ? new JsonObject { ["is_write_index"] = true } : new JsonObject() },
                    };
                }
                return Json(HttpStatusCode.OK, answer.ToJsonString());
            case ("PUT", [var index]):
                if (!Indices.TryAdd(index, new Dictionary<string, JsonObject>(StringComparer.Ordinal)))
                {
                    return Json(HttpStatusCode.BadRequest, $$"""{"error":{"type":"resource_already_exists_exception","reason":"index [{{index}}] already exists"},"status":400}""");
                }
                Mappings[index] = request.Json["mappings"]?.DeepClone().AsObject() ?? [];
                foreach (var (alias, settings) in request.Json["aliases"]?.AsObject() ?? [])
                {
                    AddAlias(index, alias, (bool?)settings?["is_write_index"] ?? false);
                }
                return Json(HttpStatusCode.OK, $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{index}}"}""");
            case ("POST", ["_aliases"]):
                foreach (var action in request.Json["actions"]!.AsArray())
                {
                    var (kind, parameters) = action!.AsObject().Single();
                    var index = (string)parameters!["index"]!;
                    switch (kind)
                    {
                        case "add":
                            AddAlias(index, (string)parameters["alias"]!, (bool?)parameters["is_write_index"] ?? false);
                            break;
                        case "remove":
                            Aliases[(string)parameters["alias"]!].Remove(index);
                            break;
                        case "remove_index":
                            Indices.Remove(index);
                            foreach (var indices in Aliases.Values)
                            {
                                indices.Remove(index);
                            }
                            break;
                    }
                }
                return Json(HttpStatusCode.OK, """{"acknowledged":true}""");
            case ("POST" or "PUT", [var target, "_bulk"]):
                return Bulk(target, request);
            case ("POST", [var target, "_delete_by_query"]):
                return DeleteByQuery(target, request);
            case ("GET", [var target, "_mapping"]):
                var mappings = new JsonObject();
                foreach (var index in Aliases.TryGetValue(target, out var aliased) ? [.. aliased.Keys] : Indices.ContainsKey(target) ? [target] : new List<string>())
                {
                    mappings[index] = new JsonObject { ["mappings"] = Mappings.TryGetValue(index, out var mapping) ? mapping.DeepClone() : new JsonObject() };
                }
                return mappings.Count == 0
                    ? Json(HttpStatusCode.NotFound, $$"""{"error":{"type":"index_not_found_exception","reason":"no such index [{{target}}]"},"status":404}""")
                    : Json(HttpStatusCode.OK, mappings.ToJsonString());
            case ("GET" or "POST", [var target, "_count"]):
                return Json(HttpStatusCode.OK, new JsonObject { ["count"] = Documents(target, write: false).Count(), ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 } }.ToJsonString());
            case ("GET" or "POST", [var target, "_search"]):
                return Search(target, request);
            default:
                return Json(HttpStatusCode.BadRequest, $$"""{"error":{"type":"illegal_argument_exception","reason":"unexpected {{request.Method}} {{request.Path}}"},"status":400}""");
        }
    }

    private HttpResponseMessage Bulk(string target, RecordedRequest request)
    {
        var index = Resolve(target, write: true);
        if (index is null)
        {
            return Json(HttpStatusCode.NotFound, $$"""{"error":{"type":"index_not_found_exception","reason":"no such index [{{target}}]"},"status":404}""");
        }
        var lines = request.Lines;
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            var id = (string)lines[i]["index"]!["_id"]!;
            if (RefusedDocuments.Contains(id))
            {
                errors = true;
                items.Add(new JsonObject
                {
                    ["index"] = new JsonObject
                    {
                        ["_index"] = index, ["_id"] = id, ["status"] = 400,
                        ["error"] = new JsonObject { ["type"] = "document_parsing_exception", ["reason"] = "[1:42] failed to parse field [date] of type [date]" },
                    },
                });
                continue;
            }
            Indices[index][id] = lines[i + 1];
            items.Add(new JsonObject
            {
                ["index"] = new JsonObject
                {
                    ["_index"] = index, ["_id"] = id, ["_version"] = 1, ["result"] = "created", ["status"] = 201, ["_seq_no"] = i / 2, ["_primary_term"] = 1,
                    ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 },
                },
            });
        }
        return Json(HttpStatusCode.OK, new JsonObject { ["took"] = 3, ["errors"] = errors, ["items"] = items }.ToJsonString());
    }

    private HttpResponseMessage DeleteByQuery(string target, RecordedRequest request)
    {
        var index = Resolve(target, write: true);
        var query = request.Json["query"]!["bool"]!;
        var parents = Items(query["filter"]).First()["terms"]!["parent"]!.AsArray().Select(parent => (string)parent!).ToHashSet(StringComparer.Ordinal);
        var keep = (Items(query["must_not"]).FirstOrDefault()?["ids"]?["values"] switch { JsonArray ids => ids, JsonValue id => [id.DeepClone()], _ => [] }).Select(id => (string)id!).ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        if (index is not null)
        {
            foreach (var (id, source) in Indices[index].ToList())
            {
                if (parents.Contains((string)source["parent"]!) && !keep.Contains(id))
                {
                    Indices[index].Remove(id);
                    deleted++;
                }
            }
        }
        var example = JsonNode.Parse(ElasticsearchSpec.Example("_global.delete_by_query.response.DeleteByQueryResponseExample1.yaml"))!.AsObject();
        example["total"] = deleted;
        example["deleted"] = deleted;
        return Json(HttpStatusCode.OK, example.ToJsonString());
    }

    /// <summary>The documented search response, its hits those documents whose title or body contains a query text
    /// (every required clause, none of the excluded), highlighted as the <c>html</c> encoder does; aggregations named
    /// as <c>typed_keys</c> asks.</summary>
    private HttpResponseMessage Search(string target, RecordedRequest request)
    {
        var body = request.Json;
        var query = body["query"]!["bool"]!;
        var required = Items(query["must"]).Select(Texts).ToList();
        var excluded = Items(query["must_not"]).SelectMany(Texts).ToList();
        var matches = Documents(target, write: false)
            .Where(document => required.All(any => any.Any(text => Contains(document.Source, text))) && !excluded.Any(text => Contains(document.Source, text)))
            .ToList();
        if (body["search_after"]?.AsArray() is { Count: > 0 } after)
        {
            // The key is the last sort value: continue after the document with that key.
            var last = (string)after[^1]!;
            matches = [.. matches.SkipWhile(match => string.CompareOrdinal(match.Id, last) <= 0)];
        }
        var size = (int?)body["size"] ?? 10;
        var hits = new JsonArray();
        foreach (var (id, source) in matches.Take(size))
        {
            var texts = required.SelectMany(any => any).ToList();
            hits.Add(new JsonObject
            {
                ["_index"] = Resolve(target, write: false), ["_id"] = id, ["_score"] = 1.0,
                ["_source"] = source.DeepClone(),
                ["highlight"] = new JsonObject { ["body"] = new JsonArray(Highlight((string?)source["body"] ?? "", texts)) },
                ["sort"] = new JsonArray(1.0, DateTimeOffset.Parse((string)source["date"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), id),
            });
        }
        var response = JsonNode.Parse(ElasticsearchSpec.Example("_global.search.200_response.SearchResponseExample1.yaml"))!.AsObject();
        response["hits"]!["total"] = new JsonObject { ["value"] = matches.Count, ["relation"] = "eq" };
        response["hits"]!["hits"] = hits;
        if (body["aggregations"] is JsonObject aggregations)
        {
            var typed = request.Query.GetValueOrDefault("typed_keys") == "true";
            var answers = new JsonObject();
            foreach (var (name, aggregation) in aggregations)
            {
                var (kind, buckets) = Buckets(aggregation!.AsObject(), matches.Select(match => match.Source));
                answers[typed ? $"{kind}#{name}" : name] = new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = 0, ["buckets"] = buckets };
            }
            response["aggregations"] = answers;
        }
        return Json(HttpStatusCode.OK, response.ToJsonString());
    }

    private static (string Kind, JsonArray Buckets) Buckets(JsonObject aggregation, IEnumerable<JsonObject> documents)
    {
        if (aggregation["date_histogram"] is JsonObject histogram)
        {
            var years = documents.GroupBy(document => ((string)document[(string)histogram["field"]!]!)[..4]).OrderBy(year => year.Key, StringComparer.Ordinal);
            return ("date_histogram", new JsonArray([.. years.Select(year => (JsonNode)new JsonObject
            {
                ["key_as_string"] = year.Key,
                ["key"] = new DateTimeOffset(int.Parse(year.Key, System.Globalization.CultureInfo.InvariantCulture), 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
                ["doc_count"] = year.Count(),
            })]));
        }
        var field = (string)aggregation["terms"]!["field"]!;
        var values = documents.SelectMany(document => document[field] switch
        {
            JsonArray array => array.Select(value => value!.DeepClone()),
            JsonNode value => [value.DeepClone()],
            null => [],
        }).GroupBy(value => value.ToJsonString());
        var numeric = field == "group";
        return (numeric ? "lterms" : "sterms", new JsonArray([.. values.Select(value => (JsonNode)new JsonObject
        {
            ["key"] = value.First().DeepClone(),
            ["doc_count"] = value.Count(),
        })]));
    }

    /// <summary>The query texts of a clause: its <c>multi_match</c>, or the <c>multi_match</c>es of its <c>should</c>.</summary>
    private static List<string> Texts(JsonNode clause) =>
        clause["multi_match"]?["query"] is JsonNode text ? [(string)text!]
        : [.. Items(clause["bool"]?["should"]).SelectMany(Texts)];

    /// <summary>A query list: Elasticsearch (and the client) write a list of one as the object alone.</summary>
    private static IEnumerable<JsonNode> Items(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject single => [single],
        _ => [],
    };

    private static bool Contains(JsonObject source, string text) =>
        ((string?)source["title"] ?? "").Contains(text.TrimEnd('*'), StringComparison.OrdinalIgnoreCase)
        || ((string?)source["body"] ?? "").Contains(text.TrimEnd('*'), StringComparison.OrdinalIgnoreCase);

    private static string Highlight(string body, IReadOnlyList<string> texts)
    {
        var text = texts.FirstOrDefault(t => body.Contains(t, StringComparison.OrdinalIgnoreCase));
        if (text is null)
        {
            return WebUtility.HtmlEncode(body);
        }
        var at = body.IndexOf(text, StringComparison.OrdinalIgnoreCase);
        return WebUtility.HtmlEncode(body[..at]) + "<mark>" + WebUtility.HtmlEncode(body.Substring(at, text.Length)) + "</mark>" + WebUtility.HtmlEncode(body[(at + text.Length)..]);
    }

    private IEnumerable<(string Id, JsonObject Source)> Documents(string target, bool write) =>
        Resolve(target, write) is { } index ? Indices[index].OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value)) : [];

    /// <summary>An index name, or the index an alias points at (its write index when writing).</summary>
    private string? Resolve(string target, bool write)
    {
        if (Indices.ContainsKey(target))
        {
            return target;
        }
        if (!Aliases.TryGetValue(target, out var indices) || indices.Count == 0)
        {
            return null;
        }
        return write ? indices.FirstOrDefault(pair => pair.Value || indices.Count == 1).Key : indices.Keys.First();
    }

    private void AddAlias(string index, string alias, bool isWrite)
    {
        if (!Aliases.TryGetValue(alias, out var indices))
        {
            Aliases[alias] = indices = new Dictionary<string, bool>(StringComparer.Ordinal);
        }
        indices[index] = isWrite;
    }

    /// <summary>An answer as Elasticsearch 9 gives it: the product header and the versioned media type.</summary>
    public static HttpResponseMessage Json(HttpStatusCode status, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.elasticsearch+json; compatible-with=9");
        var response = new HttpResponseMessage(status) { Content = content };
        response.Headers.Add("X-Elastic-Product", "Elasticsearch");
        return response;
    }
}
