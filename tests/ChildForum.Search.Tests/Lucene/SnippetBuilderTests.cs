using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>Issue 10, finding 6: a snippet cost time quadratic in the matches inside one document (a 20,000-character
/// message of one repeated word). The work is counted (<see cref="SnippetBuilder.MarkSteps"/>), not timed: it must grow
/// with the number of marks, not with its square.</summary>
public sealed class SnippetBuilderTests
{
    private static (string Snippet, long Steps, int Marks) Build(string query, string body, string language = "en")
    {
        var builder = new SnippetBuilder(SearchQueryParser.Parse(query));
        var snippet = builder.Build(body, language);
        return (snippet, builder.MarkSteps, CountMarks(body, query.TrimEnd('*')));
    }

    private static int CountMarks(string body, string word)
    {
        var count = 0;
        for (var at = body.IndexOf(word, StringComparison.Ordinal); at >= 0; at = body.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    [Theory]
    [InlineData("child", "en")]
    [InlineData("prefix*", "en")]
    [InlineData("儿童", "zh-Hans")]
    public void A_message_of_one_repeated_word_costs_steps_linear_in_its_marks(string query, string language)
    {
        var word = query.TrimEnd('*');
        var body = string.Concat(Enumerable.Repeat(word + " ", SnippetBuilder.AnalyzedLength / (word.Length + 1)));

        var (snippet, steps, marks) = Build(query, body, language);

        Assert.True(marks > 2_000, $"The body should hold thousands of marks; it holds {marks}.");
        // Each mark is merged once and enters and leaves the window once (three passes at most): a few steps per mark.
        // Comparing every mark with every other, as before, took marks² (over ten million) steps.
        Assert.InRange(steps, 1, 4L * marks);
        Assert.Contains("<mark>" + word + "</mark>", snippet, StringComparison.Ordinal);
        Assert.InRange(snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal).Length, 1, SnippetBuilder.Length + 2);
    }

    [Fact]
    public void Doubling_the_matches_at_most_doubles_the_work()
    {
        var small = Build("child", string.Concat(Enumerable.Repeat("child ", 1_500)));
        var large = Build("child", string.Concat(Enumerable.Repeat("child ", 3_000)));

        Assert.InRange(large.Steps, 1, 2 * small.Steps + 10);
    }

    [Fact]
    public void The_window_is_the_densest_part_and_only_the_words_are_marked()
    {
        var body = new string('x', 400) + " policy " + new string('y', 400) + " child and child and child " + new string('z', 400) + " child";

        var (snippet, _, _) = Build("child", body);

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.Equal(3, CountMarks(snippet, "<mark>child</mark>"));
        Assert.DoesNotContain("policy", snippet, StringComparison.Ordinal);
    }

    /// <summary>The snippet is the only HTML the search API builds from stored text: each XSS payload, searched by its own
    /// words and prefixes, comes back as escaped text with <c>&lt;mark&gt;</c> as the only element.</summary>
    /// <remarks>By index: xUnit names a case by its argument's display text, and two payloads that differ only in leading
    /// spaces would get one name (the second then silently skipped).</remarks>
    public static TheoryData<int> Payloads => [.. Enumerable.Range(0, XssCorpus.Payloads.Count)];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Markup_in_the_text_stays_text_whichever_of_its_words_is_searched(int index)
    {
        var payload = XssCorpus.Payloads[index];
        var body = "The training plan: " + payload + " (end of the training plan)";
        var words = Regex.Matches(payload, "[A-Za-z]{3,}").Select(m => m.Value).Distinct().Take(4).ToList();
        var queries = words.Concat(words.Select(w => w[..3] + "*")).Append("training").Append("留守");

        foreach (var query in queries)
        {
            var snippet = new SnippetBuilder(SearchQueryParser.Parse(query)).Build(body, "en");

            Html.AssertInert("snippet for " + query, payload, snippet);
            using var document = Html.Parse(snippet);
            Assert.All(document.Body!.Descendants<IElement>(), e => Assert.Equal("mark", e.LocalName));
            // What is shown, unescaped, is a piece of the text as written (line breaks shown as spaces).
            var shown = WebUtility.HtmlDecode(snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal)).Trim('…');
            Assert.Contains(shown, body.Replace('\n', ' '), StringComparison.Ordinal);
        }
    }
}
