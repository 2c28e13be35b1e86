using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChildForum.Search.Elasticsearch;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>A request the backend sent.</summary>
public sealed record RecordedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Query, string? ContentType, string? Body, string? Authorization)
{
    public JsonObject Json => JsonNode.Parse(Body ?? throw new InvalidOperationException($"{Method} {Path} has no body."))!.AsObject();

    /// <summary>The lines of an NDJSON body.</summary>
    public IReadOnlyList<JsonObject> Lines =>
        [.. (Body ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())];

    public override string ToString() => $"{Method} {Path}{(Query.Count == 0 ? "" : "?" + string.Join("&", Query.Select(p => $"{p.Key}={p.Value}")))}";
}

/// <summary>The HTTP side of a unit test of the Elasticsearch backend's request building and response parsing. It
/// records every request and answers with the documented response examples (or what a test sets). It keeps only
/// the index and alias names, so that a test can follow a rebuild; it does not search and stands in for nothing
/// that ships: the conformance test against a real cluster is <see cref="ElasticsearchConformanceTests"/>.</summary>
public sealed class FakeElasticsearch : HttpMessageHandler
{
    public const string BaseAddress = "http://elasticsearch.test:9200/";

    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];

    /// <summary>Alias → the indices it points at; the write index is marked.</summary>
    public Dictionary<string, Dictionary<string, bool>> Aliases { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Indices { get; } = new(StringComparer.Ordinal);

    public string SearchResponse { get; set; } = ElasticsearchSpec.Example("_global.search.200_response.SearchResponseExample1.yaml");

    public string BulkResponse { get; set; } = ElasticsearchSpec.Example("_global.bulk.response.BulkResponseExample1.yaml");

    public string DeleteByQueryResponse { get; set; } = ElasticsearchSpec.Example("_global.delete_by_query.response.DeleteByQueryResponseExample1.yaml");

    /// <summary>Answers instead of the defaults when it returns a response.</summary>
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

    /// <summary>A backend on this handler with its own index prefix (the backend remembers per prefix that its
    /// index exists).</summary>
    public ElasticsearchBackend Backend(string? prefix = null, string? apiKey = null) => new(
        new HttpClient(this, disposeHandler: false) { BaseAddress = new Uri(BaseAddress) },
        Options.Create(new SearchOptions
        {
            Backend = "elasticsearch",
            Elasticsearch = new ElasticsearchOptions { Url = BaseAddress, IndexPrefix = prefix ?? NewPrefix(), ApiKey = apiKey },
        }));

    public static string NewPrefix() => "cf" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Starts with an index that both aliases point at, as a running site has.</summary>
    public string WithLiveIndex(string prefix)
    {
        var index = $"{prefix}-20250101t000000000";
        Indices.Add(index);
        Aliases[$"{prefix}-read"] = new() { [index] = false };
        Aliases[$"{prefix}-write"] = new() { [index] = true };
        return index;
    }

    public IReadOnlyList<string> IndicesOf(string alias) =>
        Aliases.TryGetValue(alias, out var indices) ? [.. indices.Keys.Order(StringComparer.Ordinal)] : [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "", StringComparer.Ordinal);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath), query, request.Content?.Headers.ContentType?.ToString(), body,
            request.Headers.Authorization?.ToString());
        lock (_lock)
        {
            _requests.Add(recorded);
            return Answer?.Invoke(recorded) ?? Default(recorded);
        }
    }

    private HttpResponseMessage Default(RecordedRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (request.Method, segments)
        {
            case ("GET", []):
                return Json(HttpStatusCode.OK, """{"name":"node-1","cluster_name":"test","version":{"number":"9.1.0"},"tagline":"You Know, for Search"}""");
            case ("GET", ["_alias", var alias]):
                if (!Aliases.TryGetValue(alias, out var indices) || indices.Count == 0)
                {
                    return Json(HttpStatusCode.NotFound, $$"""{"error":"alias [{{alias}}] missing","status":404}""");
                }
                var answer = new JsonObject();
                foreach (var (index, isWrite) in indices)
                {
                    answer[index] = new JsonObject
                    {
                        ["aliases"] = new JsonObject { [alias] = isWrite ? new JsonObject { ["is_write_index"] = true } : new JsonObject() },
                    };
                }
                return Json(HttpStatusCode.OK, answer.ToJsonString());
            case ("PUT", [var index]):
                if (!Indices.Add(index))
                {
                    return Json(HttpStatusCode.BadRequest, $$"""{"error":{"type":"resource_already_exists_exception","reason":"index [{{index}}] already exists"},"status":400}""");
                }
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
                            foreach (var pointing in Aliases.Values)
                            {
                                pointing.Remove(index);
                            }
                            break;
                    }
                }
                return Json(HttpStatusCode.OK, """{"acknowledged":true}""");
            case ("POST", [_, "_bulk"]):
                return Json(HttpStatusCode.OK, BulkResponse);
            case ("POST", [_, "_delete_by_query"]):
                return Json(HttpStatusCode.OK, DeleteByQueryResponse);
            case ("POST", [_, "_search"]):
                return Json(HttpStatusCode.OK, SearchResponse);
            default:
                return Json(HttpStatusCode.BadRequest, $$"""{"error":{"type":"illegal_argument_exception","reason":"unexpected {{request.Method}} {{request.Path}}"},"status":400}""");
        }
    }

    private void AddAlias(string index, string alias, bool isWrite)
    {
        if (!Aliases.TryGetValue(alias, out var indices))
        {
            Aliases[alias] = indices = new Dictionary<string, bool>(StringComparer.Ordinal);
        }
        indices[index] = isWrite;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
