using System.Net;

namespace ChildForum.Search.Tests.Conformance;

/// <summary>Traditional and Simplified Chinese find each other (issue 11): partners in Hong Kong and Taiwan write 兒童 and
/// 留守兒童, others search 儿童; each script's words find the other's documents, and the highlight stays on the text as
/// it was written. Lucene folds Traditional to Simplified with ICU's transform; Elasticsearch with the
/// <c>analysis-icu</c> plugin's <c>icu_transform</c> filter (same transform id).</summary>
public abstract partial class BackendConformanceTests
{
    [SkippableTheory]
    [InlineData("儿童")]
    [InlineData("兒童")]
    [InlineData("留守儿童")]
    [InlineData("留守兒童")]
    public async Task Traditional_and_simplified_chinese_find_each_other(string q)
    {
        await IndexAsync(
            Doc("traditional", "許多留守兒童在寄宿制學校就讀，週末缺少陪伴。", "zh-Hant"),
            Doc("simplified", "很多留守儿童在寄宿制学校就读，周末缺少陪伴。", "zh-Hans"),
            Doc("other", "民政局正在研究把课后关爱纳入购买服务目录。", "zh-Hans"));

        Assert.Equal(["simplified", "traditional"], await KeysAsync(q));
    }

    [SkippableFact]
    public async Task Traditional_chinese_in_english_text_is_found_by_either_script()
    {
        await IndexAsync(Doc("a", "Partners in Hong Kong run a programme for 留守兒童 in two villages.", "en"));

        Assert.Equal(["a"], await KeysAsync("留守儿童"));
        Assert.Equal(["a"], await KeysAsync("兒童"));
        Assert.Empty(await KeysAsync("童"));
    }

    [SkippableFact]
    public async Task Phrases_and_exclusions_work_across_scripts()
    {
        await IndexAsync(
            Doc("a", "學校為留守兒童開設心理輔導課程。", "zh-Hant"),
            Doc("b", "学校为留守儿童开设营养餐。", "zh-Hans"));

        Assert.Equal(["a", "b"], await KeysAsync("\"留守儿童\""));
        Assert.Equal(["b"], await KeysAsync("留守兒童 -心理"));
        Assert.Equal(["a"], await KeysAsync("儿童 心理辅导"));
    }

    [SkippableTheory]
    [InlineData("儿童", "兒童")]
    [InlineData("兒童", "兒童")]
    [InlineData("留守儿童", "留守兒童")]
    public async Task Highlight_is_on_the_traditional_text_as_written(string q, string marked)
    {
        const string body = "許多留守兒童在寄宿制學校就讀。<img src=x onerror=alert(1)>";
        await IndexAsync(Doc("a", body, "zh-Hant"));

        var snippet = Assert.Single((await SearchAsync(q)).Hits).Snippet;

        Assert.Contains("<mark>" + marked + "</mark>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("儿", Unmark(snippet), StringComparison.Ordinal);
        AssertOnlyMarkTags(snippet);
        Assert.Equal(body, WebUtility.HtmlDecode(Unmark(snippet)).Trim('…'));
    }

    [SkippableFact]
    public async Task Highlight_is_on_the_simplified_text_as_written_for_a_traditional_query()
    {
        await IndexAsync(Doc("a", "很多留守儿童在寄宿制学校就读。", "zh-Hans"));

        var snippet = Assert.Single((await SearchAsync("留守兒童 學校")).Hits).Snippet;

        Assert.Contains("<mark>留守儿童</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>学校</mark>", snippet, StringComparison.Ordinal);
    }
}
