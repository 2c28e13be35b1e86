using System.Text.Json.Nodes;
using ChildForum.Search.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Extensions;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>Checks a request the backend sent against the OpenAPI description: a documented method and path,
/// documented query parameters with valid values, and a body valid for the operation's request schema.</summary>
public static class SpecAssert
{
    /// <summary>The index mapping's properties as the client sends them (field → {type, …}).</summary>
    private static readonly Lazy<JsonObject> Mapping = new(() =>
    {
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(new InMemoryRequestInvoker()));
        return JsonNode.Parse(client.RequestResponseSerializer.SerializeToString(ElasticsearchIndex.Mappings()))!["properties"]!.AsObject();
    });

    public static IReadOnlyList<string> Problems(RecordedRequest request)
    {
        var operation = ElasticsearchSpec.Find(request.Method, request.Path);
        if (operation is null)
        {
            return ["no such operation in the OpenAPI description"];
        }
        var problems = new List<string>();
        foreach (var (name, value) in request.Query)
        {
            if (!operation.QueryParameters.Contains(name))
            {
                problems.Add($"query parameter {name} is not documented for {operation.OperationId}");
            }
            else if (operation.QueryParameterSchema(name) is { } schema && !ElasticsearchSpec.QueryValueIsValid(schema, value))
            {
                problems.Add($"query parameter {name}={value} is not valid");
            }
        }
        if (request.Body is null)
        {
            return problems;
        }
        if (operation.OperationId.StartsWith("bulk", StringComparison.Ordinal))
        {
            problems.AddRange(BulkProblems(request));
            return problems;
        }
        if (request.ContentType is not ("application/json" or "application/vnd.elasticsearch+json"))
        {
            problems.Add($"content type {request.ContentType}");
        }
        if (operation.RequestSchema is not { } requestSchema)
        {
            problems.Add($"{operation.OperationId} takes no body");
            return problems;
        }
        problems.AddRange(ElasticsearchSpec.Validate(requestSchema, request.Body));
        return problems;
    }

    /// <summary>The bulk body is NDJSON, described as an array whose items are <c>oneOf</c> an action, an update
    /// or any object: each action line is checked against <c>_global.bulk.OperationContainer</c>, each document
    /// line against the index mapping (which is <c>dynamic: strict</c>, so Elasticsearch would refuse other fields).</summary>
    private static IEnumerable<string> BulkProblems(RecordedRequest request)
    {
        if (request.ContentType is not ("application/x-ndjson" or "application/vnd.elasticsearch+x-ndjson"))
        {
            yield return $"content type {request.ContentType}, not NDJSON";
        }
        if (!request.Body!.EndsWith('\n'))
        {
            yield return "an NDJSON body must end with a newline";
        }
        var action = ElasticsearchSpec.Schema("_global.bulk.OperationContainer");
        var mapped = Mapping.Value;
        var lines = request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length % 2 != 0)
        {
            yield return "index actions and documents do not pair up";
        }
        for (var i = 0; i < lines.Length; i++)
        {
            if (i % 2 == 0)
            {
                foreach (var problem in ElasticsearchSpec.Validate(action, lines[i]))
                {
                    yield return $"line {i + 1}: {problem}";
                }
                continue;
            }
            if (JsonNode.Parse(lines[i]) is not JsonObject document)
            {
                yield return $"line {i + 1} is not a JSON object";
                continue;
            }
            foreach (var (field, value) in document)
            {
                var type = (string?)mapped[field]?["type"];
                var valid = type switch
                {
                    null => false,
                    "integer" => value is JsonValue number && number.TryGetValue<int>(out _),
                    "date" => value is JsonValue date && date.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, out _),
                    _ => value is JsonValue single && single.TryGetValue<string>(out _)
                        || value is JsonArray array && array.All(item => item is JsonValue element && element.TryGetValue<string>(out _)),
                };
                if (!valid)
                {
                    yield return $"line {i + 1}: field {field} ({value?.ToJsonString()}) does not fit the mapping ({type ?? "unmapped"})";
                }
            }
        }
    }
}
