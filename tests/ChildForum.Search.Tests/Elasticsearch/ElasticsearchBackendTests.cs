using System.Text;
using ChildForum.Core.Search;
using ChildForum.Search.Elasticsearch;
using ChildForum.Search.Syntax;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>The backend through the official client over <see cref="SpecElasticsearch"/>: every request it sends is checked
/// against Elasticsearch's OpenAPI description, and what comes back is read into hits, facets and snippets.</summary>
public sealed class ElasticsearchBackendTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly IReadOnlySet<int> Group1 = new HashSet<int> { 1 };
    private static readonly IReadOnlySet<int> NoGroups = new HashSet<int>();

    private readonly SpecElasticsearch _cluster = new();

    private static SearchDocument Document(string key, string body, string title = "Title", string language = "en", int year = 2025, string audience = SearchAudiences.Readers) =>
        new(key, key[..key.LastIndexOf(':')], key.Split(':')[0], key.Split(':')[1], 1, title, body, $"/{key.Replace(':', '/')}",
            new DateTimeOffset(year, 5, 1, 12, 0, 0, TimeSpan.Zero), language, ["cso", "university"], audience);

    private static Core.Search.SearchRequest Find(string query) => new(SearchQueryParser.Parse(query), Group1, NoGroups);

    [Fact]
    public async Task Every_request_of_indexing_searching_exporting_and_rebuilding_is_in_the_specification()
    {
        var backend = _cluster.Backend();
        await backend.ReplaceAsync(["draft:1", "message:2"], [Document("draft:1:p-1", "Schools run councils."), Document("message:2:m", "儿童权利", language: "zh-Hans")], Ct);
        await backend.ReplaceAsync(["draft:1"], [], Ct);
        await backend.SearchAsync(Find("councils \"run councils\" child* 儿童 -budget OR ministry") with
        {
            Type = "draft", Group = 1, Stakeholder = "cso", Language = "zh", Sort = SearchSorts.Date, Page = 2, PageSize = 10,
            From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero),
        }, Ct);
        await backend.CountAsync(Ct);
        await foreach (var _ in backend.ExportAsync(Find("儿童"), 10, Ct))
        {
        }
        await backend.BeginRebuildAsync(Ct);
        await backend.CompleteRebuildAsync(Ct);
        Assert.True((await backend.CheckHealthAsync(Ct)).Healthy);

        _cluster.AssertConforms();
        var operations = _cluster.Requests.Select(r => ElasticsearchSpec.Find(r.Method, r.Path)!.OperationId).ToHashSet();
        Assert.Superset(new HashSet<string> { "indices-get-alias-1", "indices-create", "bulk-2", "delete-by-query", "search-3", "count-2", "indices-update-aliases", "info" }, operations);
        var search = _cluster.Requests.First(r => r.Path.EndsWith("/_search", StringComparison.Ordinal));
        Assert.Equal("true", search.Query["typed_keys"]);
    }

    [Fact]
    public async Task An_index_of_an_earlier_layout_needs_a_rebuild_and_the_rebuilt_one_does_not()
    {
        var backend = _cluster.Backend();
        Assert.True(await backend.NeedsRebuildAsync(Ct)); // empty
        await backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "Schools run councils.")], Ct);
        Assert.False(await backend.NeedsRebuildAsync(Ct));

        // The index as an earlier version created it: a mapping without the layout (before Traditional↔Simplified).
        var live = Assert.Single(_cluster.Mappings.Keys);
        _cluster.Mappings[live].Remove("_meta");
        Assert.True(await backend.NeedsRebuildAsync(Ct));

        await backend.BeginRebuildAsync(Ct);
        await backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "Schools run councils.")], Ct);
        await backend.CompleteRebuildAsync(Ct);

        Assert.False(await backend.NeedsRebuildAsync(Ct));
        Assert.Equal(ElasticsearchIndex.Layout, (string?)_cluster.Mappings[Assert.Single(_cluster.Mappings.Keys, _cluster.Indices.ContainsKey)]["_meta"]?[ElasticsearchIndex.MetaKey]?[ElasticsearchIndex.LayoutKey]);
        _cluster.AssertConforms();
    }

    [Fact]
    public async Task Search_answer_is_read_into_hits_escaped_snippets_with_marks_and_facets()
    {
        var backend = _cluster.Backend();
        await backend.ReplaceAsync(["draft:1", "message:2"],
        [
            Document("draft:1:p-1", "Children <script>alert(1)</script> & councils meet.", year: 2024),
            Document("message:2:m", "Councils of children.", title: "Reply"),
        ], Ct);

        var result = await backend.SearchAsync(Find("councils"), Ct);

        _cluster.AssertConforms();
        Assert.Equal(2, result.Total);
        var hit = result.Hits.Single(h => h.Key == "draft:1:p-1");
        Assert.Equal(("draft", "1", 1, "/draft/1/p-1"), (hit.Type, hit.Id, hit.GroupId, hit.Url));
        Assert.Equal("Children &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>councils</mark> meet.", hit.Snippet);
        Assert.Equal(["cso", "university"], hit.Stakeholders);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), hit.Date);
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1, ["message"] = 1 }, result.Facets.Type);
        Assert.Equal(new Dictionary<int, long> { [1] = 2 }, result.Facets.Group);
        Assert.Equal(new Dictionary<string, long> { ["cso"] = 2, ["university"] = 2 }, result.Facets.Stakeholder);
        Assert.Equal(new Dictionary<string, long> { ["2024"] = 1, ["2025"] = 1 }, result.Facets.Year);
    }

    [Fact]
    public void Snippet_keeps_only_mark_as_markup_whatever_the_cluster_sends()
    {
        Assert.Equal("&lt;b&gt;x&lt;/b&gt; <mark>y</mark>&lt;i&gt;", ElasticsearchHits.SafeFragment("<b>x</b> <mark>y</mark><i>"));
        Assert.Equal("<mark>open</mark>", ElasticsearchHits.SafeFragment("<mark>open"));
        Assert.Equal("a &amp; b", ElasticsearchHits.SafeFragment("a &amp; b"));
    }

    [Fact]
    public async Task Highlight_asks_for_html_encoding_and_mark_tags()
    {
        await _cluster.Backend().SearchAsync(Find("councils"), Ct);

        var highlight = _cluster.Requests.Single(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Json["highlight"]!;
        Assert.Equal("html", (string?)highlight["encoder"]);
        Assert.Equal("<mark>", (string?)highlight["pre_tags"]![0]);
        Assert.Equal("</mark>", (string?)highlight["post_tags"]![0]);
    }

    [Fact]
    public async Task Bulk_item_that_elasticsearch_refuses_fails_the_batch_naming_the_item()
    {
        var backend = _cluster.Backend();
        _cluster.RefusedDocuments.Add("draft:1:p-2");

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "one"), Document("draft:1:p-2", "two")], Ct));

        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("draft:1:p-2", error.Message, StringComparison.Ordinal);
        Assert.Contains("document_parsing_exception", error.Message, StringComparison.Ordinal);
        _cluster.AssertConforms();
    }

    [Fact]
    public async Task Rebuild_writes_a_new_index_and_swaps_the_read_alias_and_drops_the_old_index_in_one_request()
    {
        var prefix = SpecElasticsearch.NewPrefix();
        var backend = _cluster.Backend(prefix);
        await backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "old words")], Ct);
        var old = Assert.Single(_cluster.IndicesOf($"{prefix}-read"));
        await Task.Delay(5);

        await backend.BeginRebuildAsync(Ct);
        var rebuilt = Assert.Single(_cluster.IndicesOf($"{prefix}-write"));
        Assert.NotEqual(old, rebuilt);
        Assert.Equal([old], _cluster.IndicesOf($"{prefix}-read"));
        await backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "new words")], Ct);
        Assert.Equal(1, (await backend.SearchAsync(Find("old"), Ct)).Total);

        await backend.CompleteRebuildAsync(Ct);

        Assert.Equal([rebuilt], _cluster.IndicesOf($"{prefix}-read"));
        Assert.DoesNotContain(old, _cluster.Indices.Keys);
        var swap = _cluster.Requests.Last(r => r.Path == "/_aliases").Json["actions"]!.AsArray();
        Assert.Equal(["add", "remove_index"], swap.Select(action => action!.AsObject().Single().Key));
        Assert.Equal(1, (await backend.SearchAsync(Find("new"), Ct)).Total);
        _cluster.AssertConforms();
    }

    [Fact]
    public async Task Chinese_fields_are_analysed_with_the_icu_traditional_simplified_transform()
    {
        await _cluster.Backend().CountAsync(Ct);

        var create = _cluster.Requests.Single(r => r.Method == "PUT").Json;
        var filter = create["settings"]!["analysis"]!["filter"]![ElasticsearchIndex.TraditionalToSimplified]!;
        Assert.Equal(("icu_transform", "Traditional-Simplified"), ((string?)filter["type"], (string?)filter["id"]));
        var analyzer = create["settings"]!["analysis"]!["analyzer"]![ElasticsearchIndex.ChineseAnalyzer]!;
        Assert.Equal(["cjk_width", "lowercase", ElasticsearchIndex.TraditionalToSimplified, "cjk_bigram", "stop"], analyzer["filter"]!.AsArray().Select(f => (string?)f));
        foreach (var field in new[] { ElasticsearchIndex.TextChinese, ElasticsearchIndex.TextCjk, "title", "body" })
        {
            Assert.Equal(ElasticsearchIndex.ChineseAnalyzer, (string?)create["mappings"]!["properties"]![field]!["analyzer"]);
        }
        _cluster.AssertConforms();
    }

    [Fact]
    public async Task Cluster_without_the_icu_plugin_is_named_in_the_error()
    {
        _cluster.Answer = request => request.Method == "PUT"
            ? SpecElasticsearch.Json(System.Net.HttpStatusCode.BadRequest,
                """{"error":{"type":"illegal_argument_exception","reason":"Unknown filter type [icu_transform] for [childforum_traditional_simplified]"},"status":400}""")
            : null;

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => _cluster.Backend().CountAsync(Ct));

        Assert.Contains("analysis-icu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_pages_through_search_after_up_to_the_limit()
    {
        var backend = _cluster.Backend();
        var documents = Enumerable.Range(0, 2300).Select(i => Document($"message:{i}:m", $"meals {i}")).ToList();
        await backend.ReplaceAsync([.. documents.Select(d => d.Parent)], documents, Ct);

        var exported = new List<SearchHit>();
        await foreach (var hit in backend.ExportAsync(Find("meals"), 2100, Ct))
        {
            exported.Add(hit);
        }

        Assert.Equal(2100, exported.Count);
        Assert.Equal(2100, exported.Select(h => h.Key).Distinct().Count());
        var pages = _cluster.Requests.Where(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Select(r => r.Json).ToList();
        Assert.Equal([1000, 1000, 100], pages.Select(p => (int)p["size"]!));
        Assert.Null(pages[0]["search_after"]);
        Assert.Equal(3, pages[1]["search_after"]!.AsArray().Count);
        Assert.All(pages, p => Assert.Null(p["aggregations"]));
        Assert.All(exported, h => Assert.Equal(["cso", "university"], h.Stakeholders));
        _cluster.AssertConforms();
    }

    [Fact]
    public async Task Api_key_and_basic_authentication_are_sent()
    {
        await _cluster.Backend(options: new ElasticsearchOptions { Url = SpecElasticsearch.BaseAddress, ApiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==" }).CountAsync(Ct);
        Assert.All(_cluster.Requests, r => Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", r.Authorization));

        var basic = new SpecElasticsearch();
        await basic.Backend(options: new ElasticsearchOptions { Url = SpecElasticsearch.BaseAddress, Username = "childforum", Password = "s3cret" }).CountAsync(Ct);
        Assert.All(basic.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("childforum:s3cret")), r.Authorization));
    }

    [Fact]
    public async Task Several_urls_make_a_pool_whose_nodes_all_receive_requests()
    {
        var backend = _cluster.Backend(options: new ElasticsearchOptions { Urls = "http://es1.test:9200, http://es2.test:9200,http://es3.test:9200" });

        for (var i = 0; i < 6; i++)
        {
            await backend.SearchAsync(Find("meals"), Ct);
        }

        Assert.Equal(["es1.test", "es2.test", "es3.test"], _cluster.Requests.Select(r => r.Uri.Host).Distinct().Order());
        _cluster.AssertConforms();
    }

    [Theory]
    [InlineData("", null, null, null, "Search:Elasticsearch:Url")]
    [InlineData("ftp://es.test", null, null, null, "Search:Elasticsearch:Url")]
    [InlineData("http://es.test:9200", "key", "user", "pw", "either ApiKey or Username")]
    [InlineData("http://es.test:9200", null, "user", null, "Password")]
    [InlineData("http://es.test:9200", null, null, "pw", "Username")]
    public void Misconfiguration_stops_the_start_with_a_sentence_naming_the_setting(string url, string? apiKey, string? username, string? password, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ElasticsearchClientFactory.Create(new ElasticsearchOptions { Url = url, ApiKey = apiKey, Username = username, Password = password }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_fingerprint_is_accepted_with_or_without_colons_and_refused_when_malformed()
    {
        const string fingerprint = "A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90";
        Assert.NotNull(ElasticsearchClientFactory.Create(new ElasticsearchOptions { Url = "https://es.test:9200", CertificateFingerprint = fingerprint }));
        Assert.NotNull(ElasticsearchClientFactory.Create(new ElasticsearchOptions { Url = "https://es.test:9200", CertificateFingerprint = fingerprint.Replace(":", "", StringComparison.Ordinal) }));
        var error = Assert.Throws<InvalidOperationException>(() =>
            ElasticsearchClientFactory.Create(new ElasticsearchOptions { Url = "https://es.test:9200", CertificateFingerprint = "sha256:abc" }));
        Assert.Contains("CertificateFingerprint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClusterFailure.RefuseConnections)]
    [InlineData(ClusterFailure.ServiceUnavailable)]
    public async Task Cluster_that_does_not_answer_makes_search_unavailable_and_health_false_until_it_recovers(ClusterFailure failure)
    {
        var backend = _cluster.Backend();
        await backend.CountAsync(Ct);
        _cluster.Failure = failure;

        await Assert.ThrowsAsync<SearchUnavailableException>(() => backend.SearchAsync(Find("meals"), Ct));
        await Assert.ThrowsAsync<SearchUnavailableException>(() => backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "meals")], Ct));
        var down = await backend.CheckHealthAsync(Ct);
        Assert.False(down.Healthy);
        Assert.Contains("Elasticsearch", down.Description, StringComparison.Ordinal);

        _cluster.Failure = ClusterFailure.None;
        await backend.ReplaceAsync(["draft:1"], [Document("draft:1:p-1", "meals")], Ct);
        Assert.Equal(1, (await backend.SearchAsync(Find("meals"), Ct)).Total);
        Assert.True((await backend.CheckHealthAsync(Ct)).Healthy);
        _cluster.AssertConforms();
    }

    [Fact]
    public async Task Wrong_credentials_make_search_unavailable()
    {
        var backend = _cluster.Backend();
        _cluster.Answer = _ => SpecElasticsearch.Json(System.Net.HttpStatusCode.Unauthorized,
            """{"error":{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request"},"status":401}""");

        await Assert.ThrowsAsync<SearchUnavailableException>(() => backend.SearchAsync(Find("meals"), Ct));
        Assert.False((await backend.CheckHealthAsync(Ct)).Healthy);
    }
}
