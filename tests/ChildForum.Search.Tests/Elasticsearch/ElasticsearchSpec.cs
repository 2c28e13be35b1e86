using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;
using YamlDotNet.RepresentationModel;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>The official OpenAPI description of the Elasticsearch endpoints the backend uses (in <c>Spec/</c>), as
/// NJsonSchema schemas: request bodies, 200 responses and query parameters of each operation, every <c>$ref</c>
/// resolved within the document.</summary>
/// <remarks>Two changes are made on loading, both to read the document as its authors mean it:
/// <list type="bullet">
/// <item>Schemas move from <c>components/schemas</c> to <c>definitions</c> (and references with them), where
/// NJsonSchema resolves them.</item>
/// <item><c>oneOf</c> becomes <c>anyOf</c>. The document is generated from TypeScript unions, whose branches
/// overlap: <c>FieldValue</c> is <c>oneOf</c> two identical <c>number</c> branches and two <c>string</c> branches,
/// so under JSON Schema's "exactly one" no value at all would be valid. The union means "any of".</item>
/// </list></remarks>
public static partial class ElasticsearchSpec
{
    public const string OpenApiFile = "elasticsearch-serverless-openapi.subset.json";

    private static readonly Lazy<Loaded> Spec = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Elasticsearch", "Spec");

    public sealed record Operation(string Method, string Path, string OperationId, IReadOnlySet<string> QueryParameters)
    {
        public JsonSchema? RequestSchema => Definition($"request.{OperationId}");

        public JsonSchema? ResponseSchema => Definition($"response.{OperationId}");

        public JsonSchema? QueryParameterSchema(string name) => Definition($"parameter.{OperationId}.{name}");
    }

    private sealed record Loaded(JsonSchema Root, IReadOnlyList<(Operation Operation, Regex Pattern, int Literals)> Operations);

    /// <summary>A schema of <c>components/schemas</c>, e.g. <c>_global.bulk.OperationContainer</c>.</summary>
    public static JsonSchema Schema(string name) =>
        Definition(name) ?? throw new InvalidOperationException($"No schema {name} in {OpenApiFile}.");

    /// <summary>The documented operation for a method and a request path, or null.</summary>
    public static Operation? Find(string method, string path)
    {
        var match = Spec.Value.Operations
            .Where(candidate => string.Equals(candidate.Operation.Method, method, StringComparison.OrdinalIgnoreCase) && candidate.Pattern.IsMatch(path))
            .OrderByDescending(candidate => candidate.Literals)
            .FirstOrDefault();
        return match.Operation;
    }

    public static IReadOnlyList<string> Validate(JsonSchema schema, string json)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Validate(json).Select(Describe)];
    }

    /// <summary>Whether a query-string value is valid for the parameter: tried as a JSON literal (true, 5) and as a
    /// string, as a query string carries both.</summary>
    public static bool QueryValueIsValid(JsonSchema schema, string value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var asString = JsonSerializer.Serialize(value);
        if (schema.Validate(asString).Count == 0)
        {
            return true;
        }
        try
        {
            JsonDocument.Parse(value).Dispose();
        }
        catch (JsonException)
        {
            return false;
        }
        return schema.Validate(value).Count == 0;
    }

    /// <summary>The <c>value</c> of a documented example (a YAML file in <c>Spec/examples</c>): the JSON body.</summary>
    public static string Example(string fileName)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Folder, "examples", fileName)))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        // Usually the JSON text; a few examples write the body as YAML.
        return root.Children[new YamlScalarNode("value")] switch
        {
            YamlScalarNode scalar => scalar.Value ?? "",
            var structured => ToJson(structured)!.ToJsonString(),
        };
    }

    /// <summary>Writes the shortcut forms of the query DSL out in full: <c>{"term": {"f": "x"}}</c> becomes
    /// <c>{"term": {"f": {"value": "x"}}}</c>, <c>match</c> likewise with <c>query</c>. Elasticsearch accepts both;
    /// the OpenAPI document, generated from a specification that marks them as shortcut properties, describes only
    /// the full form, so documented examples that use a shortcut are compared in their full form.</summary>
    public static string ExpandShortcuts(string json)
    {
        var node = JsonNode.Parse(json);
        Expand(node);
        return node!.ToJsonString();

        static void Expand(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject value:
                    foreach (var (key, child) in value.ToList())
                    {
                        var full = key switch
                        {
                            "term" or "prefix" => "value",
                            "match" or "match_phrase" => "query",
                            _ => null,
                        };
                        if (full is not null && child is JsonObject query)
                        {
                            foreach (var (field, argument) in query.ToList())
                            {
                                if (argument is JsonValue shortcut)
                                {
                                    query[field] = new JsonObject { [full] = shortcut.DeepClone() };
                                }
                            }
                        }
                        Expand(child);
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Expand(child);
                    }
                    break;
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var text } when text is "true" or "false" => JsonValue.Create(text == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var text } when text is "null" or "~" => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var text }
            when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    /// <summary>The documented example files whose names start with <paramref name="prefix"/>, e.g.
    /// <c>_global.search.200_response.</c>.</summary>
    public static IReadOnlyList<string> Examples(string prefix) =>
        [.. Directory.EnumerateFiles(Path.Combine(Folder, "examples"), prefix + "*.yaml")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    private static JsonSchema? Definition(string name) =>
        Spec.Value.Root.Definitions.TryGetValue(name, out var schema) ? schema : null;

    private static string Describe(ValidationError error) => error switch
    {
        ChildSchemaValidationError child =>
            $"{error.Kind} at {error.Path}: {string.Join("; ", child.Errors.SelectMany(branch => branch.Value).Select(Describe))}",
        _ => $"{error.Kind} at {error.Path}",
    };

    private static Loaded Load()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, OpenApiFile)))!.AsObject();
        Rewrite(document);
        var components = document["components"]!.AsObject();
        var definitions = (JsonObject)components["schemas"]!.DeepClone();
        var operations = new List<(Operation, Regex, int)>();

        foreach (var (path, pathItem) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in pathItem!.AsObject())
            {
                if (operationNode is not JsonObject operation || operation["operationId"] is not JsonValue idValue)
                {
                    continue;
                }
                var id = idValue.GetValue<string>();
                if (Resolve(components, operation["requestBody"]) is JsonObject requestBody
                    && requestBody["content"]?["application/json"]?["schema"] is JsonNode requestSchema)
                {
                    definitions[$"request.{id}"] = requestSchema.DeepClone();
                }
                if (Resolve(components, operation["responses"]?["200"]) is JsonObject response
                    && response["content"]?["application/json"]?["schema"] is JsonNode responseSchema)
                {
                    definitions[$"response.{id}"] = responseSchema.DeepClone();
                }
                var queryParameters = new HashSet<string>(StringComparer.Ordinal);
                foreach (var parameterNode in operation["parameters"]?.AsArray() ?? [])
                {
                    if (Resolve(components, parameterNode) is JsonObject parameter && (string?)parameter["in"] == "query")
                    {
                        var name = (string)parameter["name"]!;
                        queryParameters.Add(name);
                        if (parameter["schema"] is JsonNode parameterSchema)
                        {
                            definitions[$"parameter.{id}.{name}"] = parameterSchema.DeepClone();
                        }
                    }
                }
                var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var pattern = new Regex(
                    "^/" + string.Join("/", segments.Select(segment => segment.StartsWith('{') ? "[^/]+" : Regex.Escape(segment))) + "$",
                    RegexOptions.CultureInvariant);
                operations.Add((new Operation(method.ToUpperInvariant(), path, id, queryParameters), pattern, segments.Count(segment => !segment.StartsWith('{'))));
            }
        }

        var root = new JsonObject { ["definitions"] = definitions };
        var schema = JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        return new Loaded(schema, operations);
    }

    /// <summary>Follows a <c>$ref</c> into <c>components</c> (request bodies, responses, parameters).</summary>
    private static JsonNode? Resolve(JsonObject components, JsonNode? node)
    {
        if (node is JsonObject reference && reference["$ref"] is JsonValue target
            && target.GetValue<string>() is var pointer && pointer.StartsWith("#/components/", StringComparison.Ordinal))
        {
            var parts = pointer["#/components/".Length..].Split('/');
            return Resolve(components, components[parts[0]]?[parts[1]]);
        }
        return node;
    }

    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject value:
                if (value["oneOf"] is JsonNode oneOf && !value.ContainsKey("anyOf"))
                {
                    value.Remove("oneOf");
                    value["anyOf"] = oneOf;
                }
                foreach (var (key, child) in value.ToList())
                {
                    if (child is JsonValue text && text.TryGetValue<string>(out var pointer) && pointer.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        value[key] = "#/definitions/" + pointer["#/components/schemas/".Length..];
                    }
                    else
                    {
                        Rewrite(child);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child);
                }
                break;
        }
    }
}
