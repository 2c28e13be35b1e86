using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;
using ICU4N.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.Search.Benchmarks;

/// <summary>Recall across Chinese scripts (issue 11): the corpus's first <c>sample</c> Chinese documents are indexed twice
/// in an index of their own, as generated (Simplified) and converted to Traditional with ICU's
/// <c>Simplified-Traditional</c> transform (which picks one Traditional form per character, as a writer in Hong Kong or
/// Taiwan would, and is not simply the inverse of the analyzer's <c>Traditional-Simplified</c>). Each word is searched
/// in both scripts; the documents that should match are those whose Simplified text holds the word. Every hit is read
/// (page by page), so precision is exact too.</summary>
public static class ScriptRecall
{
    /// <summary>Words of the corpus's vocabulary, most of them with characters that differ between the scripts.</summary>
    public static readonly IReadOnlyList<string> Words =
    [
        "留守儿童", "寄宿制学校", "儿童主任", "转介", "培训", "个案管理", "心理健康", "监护人", "家访", "控辍保学",
        "儿童之家", "出生登记", "营养", "热线", "预算", "会议纪要", "志愿者", "卫生院", "团聚", "教育局",
    ];

    public sealed record Row(string Simplified, string Traditional, int Expected, double SimplifiedFindsTraditional, double TraditionalFindsSimplified, double Precision);

    public static async Task<List<Row>> MeasureAsync(Corpus corpus, int sample, string path)
    {
        var toTraditional = Transliterator.GetInstance("Simplified-Traditional");
        var texts = new Dictionary<int, string>();
        using var backend = new LuceneBackend(path, NullLogger<LuceneBackend>.Instance);
        var batch = new List<SearchDocument>();
        for (var i = 0; texts.Count < sample && i < corpus.Count; i++)
        {
            var d = corpus.Document(i);
            if (LuceneFields.FieldFor(d.Language) != LuceneFields.Cjk)
            {
                continue;
            }
            texts[i] = d.Title + "\n" + d.Body;
            var visible = d with { GroupId = 1, Audience = SearchAudiences.Readers };
            batch.Add(visible with { Key = $"s:{i}", Parent = $"s:{i}" });
            batch.Add(visible with { Key = $"t:{i}", Parent = $"t:{i}", Title = toTraditional.Transliterate(d.Title), Body = toTraditional.Transliterate(d.Body), Language = "zh-Hant" });
            if (batch.Count >= 500)
            {
                await backend.ReplaceAsync(batch.Select(b => b.Parent).ToList(), batch, CancellationToken.None);
                batch.Clear();
            }
        }
        await backend.ReplaceAsync(batch.Select(b => b.Parent).ToList(), batch, CancellationToken.None);

        var rows = new List<Row>();
        foreach (var word in Words)
        {
            var traditional = toTraditional.Transliterate(word);
            var expected = texts.Where(t => t.Value.Contains(word, StringComparison.Ordinal)).Select(t => t.Key).ToHashSet();
            var bySimplified = await KeysAsync(backend, word);
            var byTraditional = await KeysAsync(backend, traditional);
            var wanted = expected.SelectMany(i => new[] { $"s:{i}", $"t:{i}" }).ToHashSet();
            var found = bySimplified.Concat(byTraditional).ToList();
            rows.Add(new Row(word, traditional, expected.Count,
                Recall(bySimplified, expected, "t:"), Recall(byTraditional, expected, "s:"),
                found.Count == 0 ? 1 : (double)found.Count(wanted.Contains) / found.Count));
        }
        return rows;
    }

    private static double Recall(HashSet<string> found, HashSet<int> expected, string script) =>
        expected.Count == 0 ? 1 : (double)expected.Count(i => found.Contains(script + i)) / expected.Count;

    /// <summary>Every hit's key, page by page.</summary>
    private static async Task<HashSet<string>> KeysAsync(ISearchBackend backend, string q)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var request = new SearchRequest(SearchQueryParser.Parse(q), new HashSet<int> { 1 }, new HashSet<int>(), Page: page, PageSize: 100);
            var result = await backend.SearchAsync(request, CancellationToken.None);
            keys.UnionWith(result.Hits.Select(h => h.Key));
            if (result.Hits.Count < 100 || page * 100 >= LuceneBackend.MaxWindow)
            {
                return keys;
            }
        }
    }
}
