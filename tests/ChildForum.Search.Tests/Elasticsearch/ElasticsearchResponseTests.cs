using System.Net;
using System.Text.Json.Nodes;
using ChildForum.Core.Search;
using ChildForum.Search.Elasticsearch;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>The backend's reading of Elasticsearch's answers: every documented response example of the endpoints it
/// reads, and a response shaped like the documentation with aggregations and highlights.</summary>
public sealed class ElasticsearchResponseTests
{
    /// <summary>A search response as Elasticsearch 8/9 writes it for the backend's request (checked against the
    /// documented response schema below): three hits, one highlighted in the body, one not highlighted, one with
    /// only a title; terms and date-histogram aggregations.</summary>
    public const string HandWrittenSearchResponse = """
        {
          "took": 4,
          "timed_out": false,
          "_shards": { "total": 1, "successful": 1, "skipped": 0, "failed": 0 },
          "hits": {
            "total": { "value": 5, "relation": "eq" },
            "max_score": 2.5,
            "hits": [
              {
                "_index": "childforum-20250301t101500123",
                "_id": "draft:5:p-1a2b",
                "_score": 2.5,
                "_source": {
                  "key": "draft:5:p-1a2b", "type": "draft", "id": "5", "group": 7, "title": "Children's rights & <schools>",
                  "url": "/groups/education/drafts/5#p-1a2b", "body": "Schools & <teachers> protect children's rights.",
                  "date": "2025-03-01T09:15:00.000Z", "language": "en"
                },
                "highlight": {
                  "body": ["Schools &amp; &lt;teachers&gt; protect <mark>children</mark>&#x27;s rights."],
                  "title": ["<mark>Children</mark>&#x27;s rights &amp; &lt;schools&gt;"]
                }
              },
              {
                "_index": "childforum-20250301t101500123",
                "_id": "message:12",
                "_score": 1.25,
                "_source": {
                  "key": "message:12", "type": "message", "id": "12", "group": 9, "title": "儿童权利",
                  "url": "/groups/rights/threads/4#m-12", "body": "这是一个很长的段落<b>。",
                  "date": "2024-11-30T23:00:00.000Z", "language": "zh-Hans"
                }
              },
              {
                "_index": "childforum-20250301t101500123",
                "_id": "meeting:3:agenda",
                "_score": 1.0,
                "_source": {
                  "key": "meeting:3:agenda", "type": "meeting", "id": "3", "group": 7, "title": "Children at the table",
                  "url": "/groups/education/meetings/3", "body": "", "date": "2025-06-01T08:00:00.000Z", "language": "en"
                },
                "highlight": { "title": ["<mark>Children</mark> at the table"] }
              }
            ]
          },
          "aggregations": {
            "type": {
              "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "draft", "doc_count": 3 }, { "key": "message", "doc_count": 1 }, { "key": "meeting", "doc_count": 1 } ]
            },
            "group": {
              "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": 7, "doc_count": 4 }, { "key": 9, "doc_count": 1 } ]
            },
            "stakeholder": {
              "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "cso", "doc_count": 4 }, { "key": "child", "doc_count": 2 } ]
            },
            "year": {
              "buckets": [
                { "key_as_string": "2024", "key": 1704067200000, "doc_count": 1 },
                { "key_as_string": "2025", "key": 1735689600000, "doc_count": 4 }
              ]
            }
          }
        }
        """;

    public static TheoryData<string> ResponseExamples() =>
    [
        .. ElasticsearchSpec.Examples("_global.search.200_response."),
        .. ElasticsearchSpec.Examples("_global.bulk.response."),
        .. ElasticsearchSpec.Examples("_global.delete_by_query.response."),
    ];

    [Theory]
    [MemberData(nameof(ResponseExamples))]
    public void Every_documented_response_example_is_read(string file)
    {
        var json = ElasticsearchSpec.Example(file);

        if (file.StartsWith("_global.search.", StringComparison.Ordinal))
        {
            var result = ElasticsearchResponses.ToResult(ElasticsearchResponses.ReadSearch(json));
            Assert.True(result.Total >= result.Hits.Count);
        }
        else if (file.StartsWith("_global.bulk.", StringComparison.Ordinal))
        {
            Assert.NotEmpty(ElasticsearchResponses.ReadBulk(json).Items);
        }
        else
        {
            ElasticsearchResponses.ReadDeleteByQuery(json);
        }
    }

    [Fact]
    public void The_documented_search_example_maps_total_and_hits()
    {
        var response = ElasticsearchResponses.ReadSearch(ElasticsearchSpec.Example("_global.search.200_response.SearchResponseExample1.yaml"));
        var result = ElasticsearchResponses.ToResult(response);

        Assert.Equal(20, response.Total);
        var hit = Assert.Single(response.Hits);
        Assert.Equal("0", hit.Id);
        Assert.Equal("GET /search HTTP/1.1 200 1070000", hit.Source.GetProperty("message").GetString());
        Assert.Empty(response.Aggregations);
        Assert.Equal(20, result.Total);
        // Not one of our documents: its key is the _id, the rest is empty rather than a failure.
        Assert.Equal("0", Assert.Single(result.Hits).Key);
        Assert.Empty(result.Facets.Type);
    }

    [Fact]
    public void The_hand_written_response_has_the_documented_shape()
    {
        var schema = ElasticsearchSpec.Find("POST", "/childforum-read/_search")!.ResponseSchema!;

        Assert.Empty(ElasticsearchSpec.Validate(schema, HandWrittenSearchResponse));
        // and the check has teeth:
        Assert.NotEmpty(ElasticsearchSpec.Validate(schema, HandWrittenSearchResponse.Replace("\"took\": 4", "\"took\": \"four\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_search_response_maps_to_hits_snippets_and_facets()
    {
        var result = ElasticsearchResponses.ToResult(ElasticsearchResponses.ReadSearch(HandWrittenSearchResponse));

        Assert.Equal(5, result.Total);
        Assert.Equal(["draft:5:p-1a2b", "message:12", "meeting:3:agenda"], result.Hits.Select(hit => hit.Key));
        var draft = result.Hits[0];
        Assert.Equal(
            new SearchHit("draft:5:p-1a2b", "draft", "5", 7, "Children's rights & <schools>", "/groups/education/drafts/5#p-1a2b",
                "Schools &amp; &lt;teachers&gt; protect <mark>children</mark>&#39;s rights.", new DateTimeOffset(2025, 3, 1, 9, 15, 0, TimeSpan.Zero), "en"),
            draft);
        // No highlight: the start of the body, escaped.
        Assert.Equal("这是一个很长的段落&lt;b&gt;。", result.Hits[1].Snippet);
        Assert.Equal(("zh-Hans", 9), (result.Hits[1].Language, result.Hits[1].GroupId));
        // No body: the highlighted title.
        Assert.Equal("<mark>Children</mark> at the table", result.Hits[2].Snippet);

        Assert.Equal(new Dictionary<string, long> { ["draft"] = 3, ["message"] = 1, ["meeting"] = 1 }, result.Facets.Type);
        Assert.Equal(new Dictionary<int, long> { [7] = 4, [9] = 1 }, result.Facets.Group);
        Assert.Equal(new Dictionary<string, long> { ["cso"] = 4, ["child"] = 2 }, result.Facets.Stakeholder);
        Assert.Equal(new Dictionary<string, long> { ["2024"] = 1, ["2025"] = 4 }, result.Facets.Year);
    }

    [Fact]
    public async Task The_backend_returns_what_the_response_says()
    {
        using var elasticsearch = new FakeElasticsearch { SearchResponse = HandWrittenSearchResponse };
        var prefix = FakeElasticsearch.NewPrefix();
        elasticsearch.WithLiveIndex(prefix);

        var result = await elasticsearch.Backend(prefix).SearchAsync(
            new SearchRequest(new ParsedQuery([new SearchClause([new SearchTerm("children")])], []), new HashSet<int> { 7, 9 }, new HashSet<int>()),
            CancellationToken.None);

        Assert.Equal(5, result.Total);
        Assert.Equal(3, result.Hits.Count);
        Assert.Equal(2, result.Facets.Year.Count);
    }

    [Fact]
    public void Typed_keys_and_keyed_buckets_are_read_too()
    {
        var response = ElasticsearchResponses.ReadSearch("""
            {"hits":{"total":3,"hits":[]},
             "aggregations":{"sterms#type":{"buckets":[{"key":"thread","doc_count":3}]},
                             "year":{"buckets":{"2023":{"key_as_string":"2023","key":1672531200000,"doc_count":3}}}}}
            """);

        Assert.Equal(3, response.Total);
        Assert.Equal([new ElasticsearchBucket("thread", 3)], response.Aggregations["type"]);
        Assert.Equal([new ElasticsearchBucket("2023", 3)], response.Aggregations["year"]);
    }

    [Fact]
    public void Bulk_responses_tell_the_first_failure()
    {
        var succeeded = ElasticsearchResponses.ReadBulk(ElasticsearchSpec.Example("_global.bulk.response.BulkResponseExample1.yaml"));
        var failed = ElasticsearchResponses.ReadBulk(ElasticsearchSpec.Example("_global.bulk.response.BulkResponseExample2.yaml"));
        // filter_path=items.*.error: no "errors" flag, the failed items alone.
        var filtered = ElasticsearchResponses.ReadBulk(ElasticsearchSpec.Example("_global.bulk.response.BulkResponseExample3.yaml"));

        Assert.False(succeeded.HasFailures);
        Assert.Equal(["index", "delete", "create", "update"], succeeded.Items.Select(item => item.Operation));
        Assert.Equal([201, 404, 201, 200], succeeded.Items.Select(item => item.Status));
        Assert.True(failed.HasFailures);
        Assert.Equal(new ElasticsearchBulkItem("update", "5", 404, "document_missing_exception", "[5]: document missing"), failed.FirstFailure);
        Assert.Equal(2, failed.Items.Count(item => item.Failed));
        Assert.True(filtered.HasFailures);
        Assert.Equal("[5]: document missing", filtered.FirstFailure!.ErrorReason);
    }

    [Fact]
    public void Delete_by_query_responses_tell_counts_and_failures()
    {
        var documented = ElasticsearchResponses.ReadDeleteByQuery(ElasticsearchSpec.Example("_global.delete_by_query.response.DeleteByQueryResponseExample1.yaml"));
        var failed = ElasticsearchResponses.ReadDeleteByQuery("""
            {"took":3,"timed_out":false,"total":2,"deleted":1,"batches":1,"version_conflicts":0,"noops":0,
             "retries":{"bulk":0,"search":0},"throttled_millis":0,"requests_per_second":-1.0,"throttled_until_millis":0,
             "failures":[{"index":"x","id":"draft:5:p-1","cause":{"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}]}
            """);

        Assert.Equal(new ElasticsearchDeleteByQueryResponse(119, 119, 0, []), documented with { Failures = [] });
        Assert.Empty(documented.Failures);
        Assert.Equal(["rejected execution"], failed.Failures);
    }

    [Fact]
    public void Errors_are_read_from_elasticsearchs_error_object_or_text()
    {
        var structured = ElasticsearchResponses.ReadError(HttpStatusCode.NotFound, "search",
            """{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [x]"}],"type":"index_not_found_exception","reason":"no such index [x]"},"status":404}""");
        var plain = ElasticsearchResponses.ReadError(HttpStatusCode.BadGateway, "search", "<html>Bad gateway</html>");

        Assert.Equal("index_not_found_exception", structured.ErrorType);
        Assert.Contains("no such index [x]", structured.Message, StringComparison.Ordinal);
        Assert.Null(plain.ErrorType);
        Assert.Contains("Bad gateway", plain.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a <mark>b</mark> c", "a <mark>b</mark> c")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>")]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<mark>open <b>bold</b>", "<mark>open &lt;b&gt;bold&lt;/b&gt;</mark>")]
    [InlineData("</mark>stray<mark><mark>double</mark></mark>", "stray<mark>double</mark>")]
    [InlineData("it&#x27;s &amp; &#x2F; \"q\"", "it&#39;s &amp; / &quot;q&quot;")]
    [InlineData("<MARK>upper</MARK>", "&lt;MARK&gt;upper&lt;/MARK&gt;")]
    public void A_fragment_keeps_only_balanced_mark_tags_and_escapes_the_rest(string fragment, string html) =>
        Assert.Equal(html, ElasticsearchResponses.SafeFragment(fragment));

    [Fact]
    public void Without_a_highlight_the_snippet_is_the_escaped_start_of_the_body()
    {
        var words = string.Join(' ', Enumerable.Repeat("<word>", 60));
        var chinese = new string('童', 400);

        var englishSnippet = ElasticsearchResponses.EscapedStart(words);
        var chineseSnippet = ElasticsearchResponses.EscapedStart(chinese);

        Assert.StartsWith("&lt;word&gt; &lt;word&gt;", englishSnippet, StringComparison.Ordinal);
        Assert.EndsWith("&lt;word&gt;…", englishSnippet, StringComparison.Ordinal);
        Assert.InRange(System.Net.WebUtility.HtmlDecode(englishSnippet).Length, 80, 161);
        Assert.Equal(new string('童', 160) + "…", chineseSnippet);
        Assert.Equal("short &amp; sweet", ElasticsearchResponses.EscapedStart("  short & sweet "));
    }

    [Fact]
    public void Documented_request_examples_pass_the_validator_and_broken_bodies_do_not()
    {
        // The validator itself: what the documentation shows is valid, what Elasticsearch would refuse is not.
        (string Prefix, string Method, string Path)[] examples =
        [
            ("_global.search.request.", "POST", "/x/_search"),
            ("_global.delete_by_query.request.", "POST", "/x/_delete_by_query"),
            ("indices.create.request.", "PUT", "/x"),
            ("indices.update_aliases.request.", "POST", "/_aliases"),
        ];
        // Where a documented example and the documented schema disagree (Elasticsearch takes both): the slice id is
        // a string in the schema, a number in the examples.
        var knownDisagreements = new Dictionary<string, string[]>
        {
            ["_global.search.request.SearchRequestExample3.yaml"] = ["StringExpected at #/slice.id"],
            ["_global.delete_by_query.request.DeleteByQueryRequestExample3.yaml"] = ["StringExpected at #/slice.id"],
        };
        foreach (var (prefix, method, path) in examples)
        {
            var schema = ElasticsearchSpec.Find(method, path)!.RequestSchema!;
            var files = ElasticsearchSpec.Examples(prefix);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var errors = ElasticsearchSpec.Validate(schema, ElasticsearchSpec.ExpandShortcuts(ElasticsearchSpec.Example(file)));
                Assert.Equal(knownDisagreements.GetValueOrDefault(file, []), errors);
            }
        }
        var bulkSchema = ElasticsearchSpec.Find("POST", "/x/_bulk")!.RequestSchema!;
        foreach (var file in ElasticsearchSpec.Examples("_global.bulk.request."))
        {
            var lines = ElasticsearchSpec.Example(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var errors = ElasticsearchSpec.Validate(bulkSchema, "[" + string.Join(",", lines) + "]");
            Assert.True(errors is [], file + ": " + string.Join("; ", errors));
        }

        var search = ElasticsearchSpec.Find("POST", "/x/_search")!.RequestSchema!;
        Assert.NotEmpty(ElasticsearchSpec.Validate(search, """{"query":{"multi_match":{"query":"a","type":"fuzzy_phrase"}}}"""));
        Assert.NotEmpty(ElasticsearchSpec.Validate(search, """{"query":{"bool":{"must":[{"term":{"a":{"value":"x"}},"match_all":{}}]}}}"""));
        Assert.NotEmpty(ElasticsearchSpec.Validate(search, """{"size":"ten"}"""));
        Assert.NotEmpty(ElasticsearchSpec.Validate(search, """{"highlight":{"encoder":"xml","fields":{"body":{}}}}"""));
        Assert.NotEmpty(ElasticsearchSpec.Validate(search, """{"query":{"term":{"a":{"case_insensitive":true}}}}"""));
        var aliases = ElasticsearchSpec.Find("POST", "/_aliases")!.RequestSchema!;
        Assert.NotEmpty(ElasticsearchSpec.Validate(aliases, """{"actions":[{"add":{"index":"a","alias":"b"},"remove":{"index":"a","alias":"c"}}]}"""));
        var create = ElasticsearchSpec.Find("PUT", "/x")!.RequestSchema!;
        Assert.NotEmpty(ElasticsearchSpec.Validate(create, """{"mappings":{"properties":{"a":{"type":"text","analyzer":3}}}}"""));
        Assert.NotEmpty(ElasticsearchSpec.Validate(ElasticsearchSpec.Schema("_global.bulk.OperationContainer"), """{"index":{"_id":"1"},"delete":{"_id":"2"}}"""));
        Assert.Null(ElasticsearchSpec.Find("POST", "/x/_query_string"));
    }

    [Fact]
    public void Query_parameters_the_backend_uses_are_documented_with_their_values()
    {
        var bulk = ElasticsearchSpec.Find("POST", "/x/_bulk")!;
        var delete = ElasticsearchSpec.Find("POST", "/x/_delete_by_query")!;

        Assert.True(ElasticsearchSpec.QueryValueIsValid(bulk.QueryParameterSchema("refresh")!, "wait_for"));
        Assert.False(ElasticsearchSpec.QueryValueIsValid(bulk.QueryParameterSchema("refresh")!, "sometimes"));
        Assert.True(ElasticsearchSpec.QueryValueIsValid(bulk.QueryParameterSchema("require_alias")!, "true"));
        Assert.True(ElasticsearchSpec.QueryValueIsValid(delete.QueryParameterSchema("conflicts")!, "proceed"));
        Assert.False(ElasticsearchSpec.QueryValueIsValid(delete.QueryParameterSchema("conflicts")!, "ignore"));
        Assert.DoesNotContain("refresh", ElasticsearchSpec.Find("POST", "/x/_search")!.QueryParameters);
    }

    [Fact]
    public void Documents_carry_only_mapped_fields()
    {
        var document = ElasticsearchIndex.Document(new SearchDocument(
            "minutes:2:i-1", "minutes:2", SearchTypes.Minutes, "2", 4, "Minutes", "We agreed.", "/m/2", DateTimeOffset.UnixEpoch, "sv", ["child"]));
        var mapped = ElasticsearchIndex.Mappings()["properties"]!.AsObject();

        Assert.All(document.Select(field => field.Key), field => Assert.True(mapped.ContainsKey(field), field));
        Assert.Equal("readers", (string?)document["audience"]);
        Assert.Equal(new JsonArray("Minutes", "We agreed.").ToJsonString(), document["text_sv"]!.ToJsonString());
    }
}
