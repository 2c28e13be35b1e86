using System.Net;
using System.Text.Json.Nodes;
using ChildForum.Core.Search;
using ChildForum.Search.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>What the backend sends, checked against the OpenAPI description of Elasticsearch and for what it
/// must mean. The HTTP side is <see cref="FakeElasticsearch"/>.</summary>
public sealed class ElasticsearchRequestTests
{
    private static readonly IReadOnlySet<int> Readers = new HashSet<int> { 1, 2 };
    private static readonly IReadOnlySet<int> Facilitators = new HashSet<int> { 3 };

    private static ParsedQuery Query(params SearchTerm[] required) =>
        new([.. required.Select(term => new SearchClause([term]))], []);

    private static SearchRequest Request(ParsedQuery query) => new(query, Readers, Facilitators);

    private static SearchDocument Document(string key, string language, string title = "Title", string body = "Body", string audience = SearchAudiences.Readers) =>
        new(key, key[..key.LastIndexOf(':')], SearchTypes.Draft, "5", 7, title, body, "/drafts/5", new DateTimeOffset(2025, 3, 1, 10, 15, 0, TimeSpan.FromHours(1)),
            language, ["cso", "government"], audience);

    [Fact]
    public async Task First_use_creates_a_timestamped_index_with_the_language_analyzers_and_both_aliases()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        var backend = elasticsearch.Backend(prefix);

        await backend.SearchAsync(Request(Query(new SearchTerm("children"))), CancellationToken.None);

        var create = Assert.Single(elasticsearch.Requests, request => request.Method == "PUT");
        Assert.Matches($"^/{prefix}-\\d{{8}}t\\d{{9}}$", create.Path);
        var index = create.Path.TrimStart('/');
        Assert.Equal([index], elasticsearch.IndicesOf($"{prefix}-read"));
        Assert.Equal([index], elasticsearch.IndicesOf($"{prefix}-write"));
        Assert.True(elasticsearch.Aliases[$"{prefix}-write"][index]);

        var properties = create.Json["mappings"]!["properties"]!.AsObject();
        var analyzers = new[] { "text_en", "text_zh", "text_da", "text_sv", "text_std", "text_cjk" }
            .ToDictionary(field => field, field => (string?)properties[field]!["analyzer"]);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["text_en"] = "english", ["text_zh"] = "cjk", ["text_da"] = "danish", ["text_sv"] = "swedish", ["text_std"] = "standard", ["text_cjk"] = "cjk",
            },
            analyzers);
        foreach (var keyword in new[] { "key", "parent", "type", "id", "audience", "language", "stakeholders" })
        {
            Assert.Equal("keyword", (string?)properties[keyword]!["type"]);
        }
        Assert.Equal("integer", (string?)properties["group"]!["type"]);
        Assert.Equal("date", (string?)properties["date"]!["type"]);
        Assert.Equal("strict", (string?)create.Json["mappings"]!["dynamic"]);

        Assert.Equal($"/{prefix}-read/_search", elasticsearch.Requests[^1].Path);
        SpecAssert.Conforms(elasticsearch.Requests);

        // The second request does not look at the aliases again.
        var before = elasticsearch.Requests.Count;
        await backend.SearchAsync(Request(Query(new SearchTerm("children"))), CancellationToken.None);
        Assert.Equal(before + 1, elasticsearch.Requests.Count);
    }

    [Fact]
    public async Task Replace_indexes_each_document_under_its_key_in_its_language_field_and_the_cjk_field()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        elasticsearch.WithLiveIndex(prefix);
        var backend = elasticsearch.Backend(prefix);
        SearchDocument[] documents =
        [
            Document("draft:5:p-1", "en", "Children's rights", "Schools & <teachers>"),
            Document("draft:5:p-2", "zh-Hans", "儿童权利", "学校里的儿童权利"),
            Document("draft:6:p-1", "da"),
            Document("draft:6:p-2", "sv"),
            Document("draft:6:p-3", "fr"),
        ];

        await backend.ReplaceAsync(["draft:5", "draft:6", "draft:9"], documents, CancellationToken.None);

        var bulk = Assert.Single(elasticsearch.Requests, request => request.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal($"/{prefix}-write/_bulk", bulk.Path);
        Assert.Equal("wait_for", bulk.Query["refresh"]);
        Assert.Equal("true", bulk.Query["require_alias"]);
        var lines = bulk.Lines;
        Assert.Equal(10, lines.Count);
        string[] languageFields = ["text_en", "text_zh", "text_da", "text_sv", "text_std"];
        for (var i = 0; i < documents.Length; i++)
        {
            var (action, source) = (lines[2 * i], lines[2 * i + 1]);
            Assert.Equal(documents[i].Key, (string?)action["index"]!["_id"]);
            Assert.Equal(documents[i].Parent, (string?)source["parent"]);
            Assert.Equal(7, (int?)source["group"]);
            Assert.Equal("2025-03-01T09:15:00.000Z", (string?)source["date"]);
            Assert.Equal(["cso", "government"], source["stakeholders"]!.AsArray().Select(value => (string?)value));
            Assert.Equal([documents[i].Title, documents[i].Body], source[languageFields[i]]!.AsArray().Select(value => (string?)value));
            Assert.Equal([documents[i].Title, documents[i].Body], source["text_cjk"]!.AsArray().Select(value => (string?)value));
            Assert.All(languageFields.Where((_, j) => j != i), other => Assert.False(source.ContainsKey(other)));
        }

        // After the new documents, whatever else those parents had goes; the new documents stay.
        var delete = Assert.Single(elasticsearch.Requests, request => request.Path.EndsWith("/_delete_by_query", StringComparison.Ordinal));
        Assert.True(elasticsearch.Requests.ToList().IndexOf(delete) > elasticsearch.Requests.ToList().IndexOf(bulk));
        Assert.Equal($"/{prefix}-write/_delete_by_query", delete.Path);
        Assert.Equal("true", delete.Query["refresh"]);
        var deleteQuery = delete.Json["query"]!["bool"]!;
        Assert.Equal(["draft:5", "draft:6", "draft:9"], deleteQuery["filter"]![0]!["terms"]!["parent"]!.AsArray().Select(value => (string?)value));
        Assert.Equal(documents.Select(document => document.Key), deleteQuery["must_not"]![0]!["ids"]!["values"]!.AsArray().Select(value => (string?)value));

        SpecAssert.Conforms(elasticsearch.Requests);
    }

    [Fact]
    public async Task Replace_with_no_documents_only_deletes_the_parents()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        elasticsearch.WithLiveIndex(prefix);

        await elasticsearch.Backend(prefix).ReplaceAsync(["thread:4"], [], CancellationToken.None);

        Assert.DoesNotContain(elasticsearch.Requests, request => request.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        var delete = Assert.Single(elasticsearch.Requests, request => request.Path.EndsWith("/_delete_by_query", StringComparison.Ordinal));
        Assert.Equal(["thread:4"], delete.Json["query"]!["bool"]!["filter"]![0]!["terms"]!["parent"]!.AsArray().Select(value => (string?)value));
        Assert.False(delete.Json["query"]!["bool"]!.AsObject().ContainsKey("must_not"));
        SpecAssert.Conforms(elasticsearch.Requests);
    }

    [Fact]
    public async Task A_failed_bulk_item_fails_the_replace_with_its_reason()
    {
        using var elasticsearch = new FakeElasticsearch
        {
            BulkResponse = ElasticsearchSpec.Example("_global.bulk.response.BulkResponseExample2.yaml"),
        };
        var prefix = FakeElasticsearch.NewPrefix();
        elasticsearch.WithLiveIndex(prefix);

        var failure = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            elasticsearch.Backend(prefix).ReplaceAsync(["draft:5"], [Document("draft:5:p-1", "en")], CancellationToken.None));

        Assert.Contains("[5]: document missing", failure.Message, StringComparison.Ordinal);
        Assert.Equal("document_missing_exception", failure.ErrorType);
        Assert.DoesNotContain(elasticsearch.Requests, request => request.Path.EndsWith("/_delete_by_query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_answer_fails_with_elasticsearchs_reason()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        elasticsearch.WithLiveIndex(prefix);
        elasticsearch.Answer = request => request.Path.EndsWith("/_search", StringComparison.Ordinal)
            ? FakeElasticsearch.Json(HttpStatusCode.BadRequest,
                """{"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}""")
            : null;

        var failure = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            elasticsearch.Backend(prefix).SearchAsync(Request(Query(new SearchTerm("x"))), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, failure.Status);
        Assert.Equal("search_phase_execution_exception", failure.ErrorType);
        Assert.Contains("all shards failed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_builds_one_must_per_clause_an_or_of_its_terms_and_excluded_terms_as_must_not()
    {
        var query = new ParsedQuery(
            [
                new SearchClause([new SearchTerm("rights"), new SearchTerm("protection")]),
                new SearchClause([new SearchTerm("children in care", IsPhrase: true)]),
                new SearchClause([new SearchTerm("儿童权利")]),
                new SearchClause([new SearchTerm("educat", IsPrefix: true)]),
            ],
            [new SearchTerm("draft"), new SearchTerm("old version", IsPhrase: true)]);

        var body = await SearchBodyAsync(Request(query));

        var boolQuery = body["query"]!["bool"]!;
        var must = boolQuery["must"]!.AsArray();
        Assert.Equal(4, must.Count);
        var first = must[0]!["bool"]!;
        Assert.Equal(1, (int?)first["minimum_should_match"]);
        Assert.Equal(["rights", "protection"], first["should"]!.AsArray().Select(term => (string?)term!["multi_match"]!["query"]));
        var plain = first["should"]![0]!["multi_match"]!;
        Assert.Equal("best_fields", (string?)plain["type"]);
        Assert.Equal("and", (string?)plain["operator"]);
        Assert.Equal(ElasticsearchIndex.TextFields, plain["fields"]!.AsArray().Select(field => (string?)field));

        Assert.Equal("phrase", (string?)must[1]!["bool"]!["should"]![0]!["multi_match"]!["type"]);
        var chinese = must[2]!["bool"]!["should"]![0]!["multi_match"]!;
        Assert.Equal(("儿童权利", "phrase"), ((string?)chinese["query"], (string?)chinese["type"]));
        Assert.False(chinese.AsObject().ContainsKey("operator"));
        var prefix = must[3]!["bool"]!["should"]![0]!["multi_match"]!;
        Assert.Equal(("educat", "phrase_prefix"), ((string?)prefix["query"], (string?)prefix["type"]));

        var mustNot = boolQuery["must_not"]!.AsArray();
        Assert.Equal(["draft", "old version"], mustNot.Select(term => (string?)term!["multi_match"]!["query"]));
        Assert.Equal("phrase", (string?)mustNot[1]!["multi_match"]!["type"]);
    }

    [Theory]
    [InlineData("children", "best_fields")]
    [InlineData("børn", "best_fields")]
    [InlineData("mixed 儿童 text", "phrase")]
    [InlineData("权", "phrase")]
    [InlineData("𠀀𠀁", "phrase")]
    public async Task A_term_with_han_characters_is_a_phrase(string text, string type)
    {
        var body = await SearchBodyAsync(Request(Query(new SearchTerm(text))));

        Assert.Equal(type, (string?)body["query"]!["bool"]!["must"]![0]!["bool"]!["should"]![0]!["multi_match"]!["type"]);
    }

    [Fact]
    public async Task The_permission_filter_is_always_there()
    {
        SearchRequest[] requests =
        [
            Request(Query(new SearchTerm("a"))),
            Request(Query(new SearchTerm("a"))) with { Type = SearchTypes.Thread, Group = 3, Stakeholder = "cso", Language = "zh", From = DateTimeOffset.UnixEpoch, To = DateTimeOffset.UnixEpoch.AddYears(60) },
            new SearchRequest(Query(new SearchTerm("a")), new HashSet<int>(), new HashSet<int>()),
            new SearchRequest(Query(new SearchTerm("a")), new HashSet<int> { 4 }, new HashSet<int>(), Sort: SearchSorts.Date, Page: 4, PageSize: 5),
        ];
        foreach (var request in requests)
        {
            var body = await SearchBodyAsync(request);
            var permission = body["query"]!["bool"]!["filter"]![0]!["bool"]!;
            Assert.Equal(1, (int?)permission["minimum_should_match"]);
            var asReader = permission["should"]![0]!["bool"]!["filter"]!;
            Assert.Equal(request.ReaderGroups.Order(), asReader[0]!["terms"]!["group"]!.AsArray().Select(group => (int)group!));
            Assert.Equal("readers", (string?)asReader[1]!["term"]!["audience"]!["value"]);
            Assert.Equal(request.FacilitatorGroups.Order(), permission["should"]![1]!["terms"]!["group"]!.AsArray().Select(group => (int)group!));
        }
    }

    [Fact]
    public async Task Request_filters_are_filters_and_facets_count_the_filtered_visible_matches()
    {
        var request = Request(Query(new SearchTerm("a"))) with
        {
            Type = SearchTypes.Minutes,
            Group = 3,
            Stakeholder = "child",
            From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.Zero),
            Language = "zh",
        };

        var body = await SearchBodyAsync(request);

        var filter = body["query"]!["bool"]!["filter"]!.AsArray();
        Assert.Equal(6, filter.Count);
        Assert.Equal("minutes", (string?)filter[1]!["term"]!["type"]!["value"]);
        Assert.Equal(3, (int?)filter[2]!["term"]!["group"]!["value"]);
        Assert.Equal("child", (string?)filter[3]!["term"]!["stakeholders"]!["value"]);
        Assert.Equal("2024-01-01T00:00:00.000Z", (string?)filter[4]!["range"]!["date"]!["gte"]);
        Assert.Equal("2024-12-31T23:59:59.000Z", (string?)filter[4]!["range"]!["date"]!["lte"]);
        var language = filter[5]!["bool"]!["should"]!;
        Assert.Equal("zh", (string?)language[0]!["term"]!["language"]!["value"]);
        Assert.Equal("zh-", (string?)language[1]!["prefix"]!["language"]!["value"]);
        Assert.False(body.AsObject().ContainsKey("post_filter"));

        var aggregations = body["aggregations"]!;
        Assert.Equal("type", (string?)aggregations["type"]!["terms"]!["field"]);
        Assert.Equal("group", (string?)aggregations["group"]!["terms"]!["field"]);
        Assert.Equal("stakeholders", (string?)aggregations["stakeholder"]!["terms"]!["field"]);
        var year = aggregations["year"]!["date_histogram"]!;
        Assert.Equal(("date", "year", "yyyy"), ((string?)year["field"], (string?)year["calendar_interval"], (string?)year["format"]));
    }

    [Fact]
    public async Task Search_asks_for_exact_totals_a_page_a_sort_and_escaped_highlights()
    {
        var byRelevance = await SearchBodyAsync(Request(Query(new SearchTerm("a"))) with { Page = 3, PageSize = 10 });
        var byDate = await SearchBodyAsync(Request(Query(new SearchTerm("a"))) with { Sort = SearchSorts.Date });

        Assert.True((bool?)byRelevance["track_total_hits"]);
        Assert.Equal((20, 10), ((int?)byRelevance["from"], (int?)byRelevance["size"]));
        Assert.Equal((0, 20), ((int?)byDate["from"], (int?)byDate["size"]));
        Assert.Equal("_score", byRelevance["sort"]![0]!.AsObject().Single().Key);
        Assert.Equal("date", byDate["sort"]![0]!.AsObject().Single().Key);
        Assert.Equal("desc", (string?)byDate["sort"]![0]!["date"]!["order"]);

        var highlight = byRelevance["highlight"]!;
        Assert.Equal("<mark>", (string?)highlight["pre_tags"]![0]);
        Assert.Equal("</mark>", (string?)highlight["post_tags"]![0]);
        Assert.Equal("html", (string?)highlight["encoder"]);
        var fields = highlight["fields"]!.AsArray().Select(field => field!.AsObject().Single()).ToDictionary(field => field.Key, field => field.Value!);
        Assert.Equal(["body", "title"], fields.Keys);
        Assert.Equal(160, (int?)fields["body"]["fragment_size"]);
        Assert.Equal(1, (int?)fields["body"]["number_of_fragments"]);
    }

    [Theory]
    [InlineData(501, 20, 0, 0)]
    [InlineData(500, 20, 9980, 20)]
    [InlineData(334, 30, 9990, 10)]
    [InlineData(499, 20, 9960, 20)]
    [InlineData(0, 20, 0, 20)]
    [InlineData(2, 0, 1, 1)]
    public void Pages_stay_inside_the_result_window(int page, int pageSize, int from, int size) =>
        Assert.Equal((from, size), ElasticsearchRequests.Window(page, pageSize));

    [Fact]
    public async Task User_text_reaches_elasticsearch_only_as_query_text_and_term_values()
    {
        string[] hostile =
        [
            "title:secret AND audience:facilitators",
            "*:* OR group:(1 2 3)",
            "\"unbalanced",
            "{\"match_all\":{}}",
            "</mark><script>alert(1)</script>",
            "foo\\\" bar",
            "group:99^10 ~2 /regex.*/",
        ];
        var query = new ParsedQuery(
            [.. hostile.Take(4).Select(text => new SearchClause([new SearchTerm(text), new SearchTerm(text, IsPrefix: true)]))],
            [.. hostile.Skip(4).Select(text => new SearchTerm(text, IsPhrase: true))]);
        var request = Request(query) with { Type = "thread\" OR 1", Stakeholder = "cso\n{\"x\":1}", Language = "en*" };

        var body = await SearchBodyAsync(request);

        var strings = Strings(body).ToList();
        foreach (var text in hostile)
        {
            Assert.All(strings.Where(entry => entry.Value == text), entry => Assert.EndsWith(".multi_match.query", entry.Path, StringComparison.Ordinal));
            Assert.Contains(strings, entry => entry.Value == text);
        }
        Assert.EndsWith(".term.type.value", Assert.Single(strings, entry => entry.Value == request.Type).Path, StringComparison.Ordinal);
        Assert.EndsWith(".term.stakeholders.value", Assert.Single(strings, entry => entry.Value == request.Stakeholder).Path, StringComparison.Ordinal);
        // Nothing parses syntax out of a string: no query_string, simple_query_string, regexp, wildcard, script.
        string[] syntaxQueries = ["query_string", "simple_query_string", "regexp", "wildcard", "script", "script_score", "fuzzy", "intervals"];
        Assert.DoesNotContain(Keys(body), key => syntaxQueries.Contains(key));
    }

    [Fact]
    public async Task An_empty_query_returns_nothing_without_asking_elasticsearch()
    {
        using var elasticsearch = new FakeElasticsearch();

        var result = await elasticsearch.Backend().SearchAsync(Request(new ParsedQuery([], [new SearchTerm("excluded")])), CancellationToken.None);

        Assert.Empty(elasticsearch.Requests);
        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.Empty(result.Facets.Type);
        Assert.Empty(result.Facets.Group);
        Assert.Empty(result.Facets.Stakeholder);
        Assert.Empty(result.Facets.Year);
    }

    [Fact]
    public async Task A_rebuild_moves_the_write_alias_first_and_the_read_alias_when_complete()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        var live = elasticsearch.WithLiveIndex(prefix);
        var backend = elasticsearch.Backend(prefix);

        await backend.BeginRebuildAsync(CancellationToken.None);

        var created = Assert.Single(elasticsearch.Requests, request => request.Method == "PUT").Path.TrimStart('/');
        Assert.NotEqual(live, created);
        Assert.Equal([live], elasticsearch.IndicesOf($"{prefix}-read"));
        Assert.Equal([created], elasticsearch.IndicesOf($"{prefix}-write"));
        Assert.True(elasticsearch.Aliases[$"{prefix}-write"][created]);

        // Meanwhile the indexer writes through the write alias, searches read the live index.
        await backend.ReplaceAsync(["draft:5"], [Document("draft:5:p-1", "en")], CancellationToken.None);
        await backend.SearchAsync(Request(Query(new SearchTerm("a"))), CancellationToken.None);
        Assert.Contains(elasticsearch.Requests, request => request.Path == $"/{prefix}-write/_bulk");
        Assert.Contains(elasticsearch.Requests, request => request.Path == $"/{prefix}-read/_search");

        await backend.CompleteRebuildAsync(CancellationToken.None);

        var swap = elasticsearch.Requests.Last(request => request.Path == "/_aliases").Json["actions"]!.AsArray();
        Assert.Equal(2, swap.Count);
        Assert.Equal(created, (string?)swap[0]!["add"]!["index"]);
        Assert.Equal($"{prefix}-read", (string?)swap[0]!["add"]!["alias"]);
        Assert.Equal(live, (string?)swap[1]!["remove_index"]!["index"]);
        Assert.Equal([created], elasticsearch.IndicesOf($"{prefix}-read"));
        Assert.Equal([created], elasticsearch.IndicesOf($"{prefix}-write"));
        Assert.Equal([created], elasticsearch.Indices);
        SpecAssert.Conforms(elasticsearch.Requests);
    }

    [Fact]
    public async Task A_rebuild_started_again_drops_the_unfinished_index()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        var live = elasticsearch.WithLiveIndex(prefix);
        var backend = elasticsearch.Backend(prefix);

        await backend.BeginRebuildAsync(CancellationToken.None);
        var abandoned = elasticsearch.IndicesOf($"{prefix}-write").Single();
        await Task.Delay(5);
        await backend.BeginRebuildAsync(CancellationToken.None);
        var rebuilt = elasticsearch.IndicesOf($"{prefix}-write").Single();
        await backend.CompleteRebuildAsync(CancellationToken.None);

        Assert.NotEqual(abandoned, rebuilt);
        Assert.Equal([rebuilt], elasticsearch.Indices);
        Assert.Equal([rebuilt], elasticsearch.IndicesOf($"{prefix}-read"));
        Assert.DoesNotContain(live, elasticsearch.Indices);
        SpecAssert.Conforms(elasticsearch.Requests);
    }

    [Fact]
    public async Task A_rebuild_on_an_empty_cluster_builds_the_first_index()
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        var backend = elasticsearch.Backend(prefix);

        await backend.BeginRebuildAsync(CancellationToken.None);
        await backend.CompleteRebuildAsync(CancellationToken.None);

        var index = Assert.Single(elasticsearch.Indices);
        Assert.Equal([index], elasticsearch.IndicesOf($"{prefix}-read"));
        Assert.Equal([index], elasticsearch.IndicesOf($"{prefix}-write"));
        SpecAssert.Conforms(elasticsearch.Requests);
    }

    [Fact]
    public async Task Health_is_a_2xx_from_the_cluster()
    {
        using var up = new FakeElasticsearch();
        using var failing = new FakeElasticsearch { Answer = _ => FakeElasticsearch.Json(HttpStatusCode.ServiceUnavailable, "{}") };
        using var unreachable = new FakeElasticsearch { Answer = _ => throw new HttpRequestException("Connection refused") };

        Assert.True(await up.Backend().IsHealthyAsync(CancellationToken.None));
        Assert.False(await failing.Backend().IsHealthyAsync(CancellationToken.None));
        Assert.False(await unreachable.Backend().IsHealthyAsync(CancellationToken.None));
        Assert.Equal(("GET", "/"), (up.Requests[0].Method, up.Requests[0].Path));
        SpecAssert.Conforms(up.Requests);
    }

    [Fact]
    public async Task The_api_key_goes_with_every_request()
    {
        using var elasticsearch = new FakeElasticsearch();

        await elasticsearch.Backend(apiKey: "c2VjcmV0").SearchAsync(Request(Query(new SearchTerm("a"))), CancellationToken.None);

        Assert.NotEmpty(elasticsearch.Requests);
        Assert.All(elasticsearch.Requests, request => Assert.Equal("ApiKey c2VjcmV0", request.Authorization));
    }

    [Fact]
    public async Task AddElasticsearchSearch_registers_the_backend_on_the_configured_url()
    {
        using var elasticsearch = new FakeElasticsearch();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Search:Backend"] = "elasticsearch",
            ["Search:Elasticsearch:Url"] = "http://search.internal:9201",
            ["Search:Elasticsearch:IndexPrefix"] = FakeElasticsearch.NewPrefix(),
        }).Build());
        services.AddElasticsearchSearch();
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(() => elasticsearch));
        await using var provider = services.BuildServiceProvider();

        var backend = provider.GetRequiredService<ISearchBackend>();

        Assert.IsType<ElasticsearchBackend>(backend);
        Assert.True((await backend.CheckHealthAsync(CancellationToken.None)).Healthy);
        Assert.Equal(("GET", "/"), (elasticsearch.Requests[0].Method, elasticsearch.Requests[0].Path));
    }

    [Fact]
    public void A_missing_url_or_an_unusable_prefix_is_a_configuration_error()
    {
        Assert.Throws<InvalidOperationException>(() => ElasticsearchBackend.BaseUri(new ElasticsearchOptions()));
        Assert.Throws<InvalidOperationException>(() => ElasticsearchBackend.BaseUri(new ElasticsearchOptions { Url = "localhost:9200" }));
        Assert.Throws<ArgumentException>(() => new ElasticsearchIndex("ChildForum"));
        Assert.Throws<ArgumentException>(() => new ElasticsearchIndex("forum/../x"));
    }

    private static async Task<JsonObject> SearchBodyAsync(SearchRequest request)
    {
        using var elasticsearch = new FakeElasticsearch();
        var prefix = FakeElasticsearch.NewPrefix();
        elasticsearch.WithLiveIndex(prefix);
        await elasticsearch.Backend(prefix).SearchAsync(request, CancellationToken.None);
        var search = Assert.Single(elasticsearch.Requests, sent => sent.Path.EndsWith("/_search", StringComparison.Ordinal));
        SpecAssert.Conforms(elasticsearch.Requests);
        return search.Json;
    }

    private static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject value:
                foreach (var (key, child) in value)
                {
                    foreach (var entry in Strings(child, $"{path}.{key}"))
                    {
                        yield return entry;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var entry in Strings(array[i], $"{path}[{i}]"))
                    {
                        yield return entry;
                    }
                }
                break;
            case JsonValue leaf when leaf.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }

    private static IEnumerable<string> Keys(JsonNode? node) => node switch
    {
        JsonObject value => value.SelectMany(pair => Keys(pair.Value).Prepend(pair.Key)),
        JsonArray array => array.SelectMany(Keys),
        _ => [],
    };
}
