using ChildForum.Core.Search;
using ChildForum.Search.Elasticsearch;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>The backend against a real Elasticsearch 9 cluster, end to end, beyond the shared conformance suite
/// (<c>ElasticsearchBackendConformanceTests</c>): mixed languages in one index, highlighting, permissions and a rebuild
/// behind the aliases. Runs only when <c>ELASTICSEARCH_URL</c> is set (see <see cref="LiveCluster"/>).</summary>
[Trait("Category", "LiveElasticsearch")]
public sealed class ElasticsearchLiveTests
{
    private static readonly IReadOnlySet<int> ReaderOf1 = new HashSet<int> { 1 };
    private static readonly IReadOnlySet<int> None = new HashSet<int>();

    private static SearchDocument Document(string key, string language, string title, string body, int group = 1, string audience = SearchAudiences.Readers, int year = 2025) =>
        new(key, key[..key.LastIndexOf(':')], key.Split(':')[0], key.Split(':')[1], group, title, body, $"/{key.Replace(':', '/')}",
            new DateTimeOffset(year, 5, 1, 12, 0, 0, TimeSpan.Zero), language, ["cso"], audience);

    private static SearchRequest Find(IReadOnlySet<int> readers, IReadOnlySet<int> facilitators, params SearchClause[] clauses) =>
        new(new ParsedQuery(clauses, []), readers, facilitators);

    private static SearchClause Word(string text, bool phrase = false, bool prefix = false) => new([new SearchTerm(text, phrase, prefix)]);

    [SkippableFact]
    public async Task Documents_in_english_chinese_and_mixed_text_are_found_highlighted_and_permission_filtered()
    {
        await using var cluster = LiveCluster.Connect();
        var backend = cluster.Backend();
        var ct = CancellationToken.None;
        Assert.True((await backend.CheckHealthAsync(ct)).Healthy);
        await backend.ReplaceAsync(["draft:1", "message:2", "message:3", "meeting:4"],
        [
            Document("draft:1:p-1", "en", "Children's participation", "Schools are running councils where children decide on the playground."),
            Document("draft:1:p-2", "en", "Budget", "The ministry will report on the budget next year.", year: 2024),
            Document("message:2:m", "zh-Hans", "儿童权利", "我们讨论了儿童权利公约在学校的执行情况。"),
            Document("message:3:m", "en", "UNCRC report", "The UNCRC 儿童权利 report was shared with the <working group> & partners."),
            Document("meeting:4:agenda", "en", "Closed agenda", "Children council agenda for facilitators only.", audience: SearchAudiences.Facilitators),
        ], ct);

        // English stemming: "run" finds "running".
        var run = await backend.SearchAsync(Find(ReaderOf1, None, Word("run")), ct);
        Assert.Equal(["draft:1:p-1"], run.Hits.Select(hit => hit.Key));
        Assert.Contains("<mark>", run.Hits[0].Snippet, StringComparison.Ordinal);

        // Traditional and Simplified find each other (analysis-icu), and the mark is on the text as written.
        await backend.ReplaceAsync(["message:5"], [Document("message:5:m", "zh-Hant", "留守兒童", "香港的夥伴談到留守兒童的教育。")], ct);
        var traditional = await backend.SearchAsync(Find(ReaderOf1, None, Word("留守儿童")), ct);
        Assert.Equal(["message:5:m"], traditional.Hits.Select(hit => hit.Key));
        Assert.Contains("<mark>", traditional.Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Contains("兒", traditional.Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Equal(["message:2:m", "message:3:m", "message:5:m"], (await backend.SearchAsync(Find(ReaderOf1, None, Word("兒童")), ct)).Hits.Select(hit => hit.Key).Order(StringComparer.Ordinal));
        await backend.ReplaceAsync(["message:5"], [], ct);

        // Chinese: a two-character word finds the Chinese and the mixed message, and is marked.
        var chinese = await backend.SearchAsync(Find(ReaderOf1, None, Word("儿童")), ct);
        Assert.Equal(["message:2:m", "message:3:m"], chinese.Hits.Select(hit => hit.Key).Order(StringComparer.Ordinal));
        Assert.All(chinese.Hits, hit => Assert.Contains("<mark>", hit.Snippet, StringComparison.Ordinal));
        Assert.Contains("&lt;working group&gt; &amp;", chinese.Hits.Single(hit => hit.Key == "message:3:m").Snippet, StringComparison.Ordinal);

        // A prefix, a phrase, an exclusion, an OR.
        Assert.Equal(["draft:1:p-1"], (await backend.SearchAsync(Find(ReaderOf1, None, Word("child", prefix: true)), ct)).Hits.Select(hit => hit.Key));
        Assert.Single((await backend.SearchAsync(Find(ReaderOf1, None, Word("budget next year", phrase: true)), ct)).Hits);
        Assert.Empty((await backend.SearchAsync(Find(ReaderOf1, None, Word("next budget year", phrase: true)), ct)).Hits);
        var notChinese = await backend.SearchAsync(
            new SearchRequest(new ParsedQuery([Word("report")], [new SearchTerm("儿童")]), ReaderOf1, None), ct);
        Assert.Equal(["draft:1:p-2"], notChinese.Hits.Select(hit => hit.Key));
        var either = await backend.SearchAsync(
            Find(ReaderOf1, None, new SearchClause([new SearchTerm("playground"), new SearchTerm("ministry")])), ct);
        Assert.Equal(2, either.Total);

        // Permission: the facilitators' agenda only for facilitators; nothing for a stranger.
        Assert.DoesNotContain("meeting:4:agenda", (await backend.SearchAsync(Find(ReaderOf1, None, Word("council")), ct)).Hits.Select(hit => hit.Key));
        Assert.Contains("meeting:4:agenda", (await backend.SearchAsync(Find(None, ReaderOf1, Word("council")), ct)).Hits.Select(hit => hit.Key));
        Assert.Equal(0, (await backend.SearchAsync(Find(new HashSet<int> { 2 }, None, Word("council")), ct)).Total);

        // Facets over all visible matches, and filters.
        var all = await backend.SearchAsync(Find(ReaderOf1, ReaderOf1, new SearchClause([new SearchTerm("report"), new SearchTerm("children")])), ct);
        Assert.Equal(all.Total, all.Facets.Type.Values.Sum());
        Assert.Equal(all.Total, all.Facets.Group[1]);
        Assert.Equal(all.Total, all.Facets.Year.Values.Sum());
        Assert.True(all.Facets.Year.ContainsKey("2024"));
        var only2024 = await backend.SearchAsync(
            Find(ReaderOf1, None, Word("report")) with { From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero) }, ct);
        Assert.Equal(["draft:1:p-2"], only2024.Hits.Select(hit => hit.Key));
        var chineseOnly = await backend.SearchAsync(Find(ReaderOf1, None, Word("儿童")) with { Language = "zh" }, ct);
        Assert.Equal(["message:2:m"], chineseOnly.Hits.Select(hit => hit.Key));

        // Replacing a parent with nothing removes it.
        await backend.ReplaceAsync(["message:2"], [], ct);
        Assert.Equal(["message:3:m"], (await backend.SearchAsync(Find(ReaderOf1, None, Word("儿童")), ct)).Hits.Select(hit => hit.Key));

        // A rebuild: searches see the old index until it completes, then only the new one.
        await backend.BeginRebuildAsync(ct);
        await backend.ReplaceAsync(["thread:9"], [Document("thread:9:t", "da", "Børnenes rettigheder", "Skolerne holder møder med børnene.")], ct);
        Assert.Empty((await backend.SearchAsync(Find(ReaderOf1, None, Word("rettigheder")), ct)).Hits);
        Assert.NotEmpty((await backend.SearchAsync(Find(ReaderOf1, None, Word("run")), ct)).Hits);
        await backend.CompleteRebuildAsync(ct);
        Assert.Equal(["thread:9:t"], (await backend.SearchAsync(Find(ReaderOf1, None, Word("rettigheder")), ct)).Hits.Select(hit => hit.Key));
        Assert.Empty((await backend.SearchAsync(Find(ReaderOf1, None, Word("run")), ct)).Hits);
    }
}
