namespace ChildForum.Search.Tests.Conformance;

/// <summary>Phrases beside other words, OR and exclusions: the documents found are those that hold the phrase as
/// written (in Chinese, a word of three characters or more is a phrase of bigrams) and every other word, and no excluded
/// one.</summary>
public abstract partial class BackendConformanceTests
{
    [SkippableTheory]
    [InlineData("\"village child director\" school", new[] { "both", "both-closed" })]
    [InlineData("\"village child director\" school -closed", new[] { "both" })]
    [InlineData("\"village child director\" -closed", new[] { "both", "clinic", "phrase-only" })]
    [InlineData("\"village child director\" \"boarding school\"", new[] { "both", "both-closed" })]
    [InlineData("\"village child director\" school OR clinic", new[] { "both", "both-closed", "clinic" })]
    [InlineData("school -\"village child director\"", new[] { "scattered" })]
    public async Task A_phrase_beside_other_words_finds_exactly_the_documents_holding_all_of_them(string q, string[] expected)
    {
        await IndexAsync(
            Doc("both", "The village child director visited the boarding school on Monday."),
            Doc("both-closed", "The village child director visited the boarding school, which is now closed."),
            Doc("phrase-only", "A village child director keeps the register."),
            Doc("scattered", "The director of the village school met a child at the boarding school."),
            Doc("clinic", "The village child director took her to the clinic."));

        Assert.Equal(expected.Order(StringComparer.Ordinal), await KeysAsync(q));
    }

    [SkippableTheory]
    [InlineData("儿童主任 培训", new[] { "both" })]
    [InlineData("\"留守儿童\" 家访", new[] { "visit" })]
    [InlineData("儿童主任 -培训", new[] { "phrase-only" })]
    [InlineData("儿童主任 留守儿童", new[] { "both", "phrase-only" })]
    public async Task A_chinese_word_of_three_characters_or_more_beside_other_words_finds_exactly_the_documents_holding_all_of_them(string q, string[] expected)
    {
        await IndexAsync(
            Doc("both", "儿童主任参加了关于留守儿童的培训。", "zh-Hans"),
            Doc("phrase-only", "儿童主任每月走访留守儿童。", "zh-Hans"),
            Doc("scattered", "主任说，儿童的培训很重要。", "zh-Hans"),
            Doc("visit", "社工对留守儿童进行家访。", "zh-Hans"),
            Doc("apart", "留守在家的儿童需要家访。", "zh-Hans"));

        Assert.Equal(expected.Order(StringComparer.Ordinal), await KeysAsync(q));
    }
}
