using System.Diagnostics;
using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;

namespace ChildForum.Search.Benchmarks;

/// <summary>A document that matches thousands of times beside one that matches once (issue 11: the first must cost about
/// what the second does). Both bodies are <see cref="SnippetBuilder.AnalyzedLength"/> characters: one word repeated, or
/// filler of the same script with the word once in the middle. Measured two ways: the snippet alone (<see cref="SnippetBuilder"/> and, for
/// comparison, <see cref="HighlighterSnippets"/>), and a whole search on the benchmark's index, where each body is one
/// more document holding a word no other document holds.</summary>
public static class ManyMatches
{
    public const string ManyWord = "manymatchword";
    public const string SingleWord = "singlematchword";

    public static string Many(string word) =>
        string.Concat(Enumerable.Repeat(word + " ", SnippetBuilder.AnalyzedLength / (word.Length + 1)));

    /// <summary>Filler of the word's script (so that both bodies cost the analyzer about the same) around the word once.</summary>
    public static string Single(string word)
    {
        var sentence = word.Any(LuceneFields.IsHan) ? "民政局正在研究课后关爱服务。" : "meals and buses ";
        var filler = string.Concat(Enumerable.Repeat(sentence, SnippetBuilder.AnalyzedLength / 2 / sentence.Length));
        return filler + word + " " + filler;
    }

    /// <summary>Snippet timings (ms, p50 / p99 of <paramref name="repetitions"/>) and <see cref="SnippetBuilder.MarkSteps"/>
    /// for each case.</summary>
    public static List<(string Case, double BuilderP50, double BuilderP99, long Steps, double HighlighterP50, double HighlighterP99)> Snippets(int repetitions)
    {
        var cases = new (string Name, string Query, string Body, string Language)[]
        {
            ("English, 1 match", "referral", Single("referral"), "en"),
            ("English, many matches", "referral", Many("referral"), "en"),
            ("Chinese, 1 match", "儿童", Single("儿童"), "zh-Hans"),
            ("Chinese, many matches", "儿童", Many("儿童"), "zh-Hans"),
        };
        var rows = new List<(string, double, double, long, double, double)>();
        foreach (var (name, query, body, language) in cases)
        {
            var parsed = SearchQueryParser.Parse(query);
            var builder = new SnippetBuilder(parsed);
            var highlighter = new HighlighterSnippets(parsed);
            var builderTimes = Time(repetitions, () => builder.Build(body, language));
            var highlighterTimes = Time(repetitions, () => highlighter.Build(body, language));
            rows.Add((name + $" (the word × {Marks(body, query):N0})", Report.Percentile(builderTimes, 50), Report.Percentile(builderTimes, 99), builder.MarkSteps,
                Report.Percentile(highlighterTimes, 50), Report.Percentile(highlighterTimes, 99)));
        }
        return rows;
    }

    /// <summary>Adds the two documents to <paramref name="backend"/>, visible to the benchmark's reader.</summary>
    public static Task IndexAsync(ISearchBackend backend, SearchDocument template) =>
        backend.ReplaceAsync(["bench:many", "bench:single"],
        [
            template with { Key = "bench:many:1", Parent = "bench:many", Body = Many(ManyWord), Language = "en", GroupId = 1, Audience = SearchAudiences.Readers },
            template with { Key = "bench:single:1", Parent = "bench:single", Body = Single(SingleWord), Language = "en", GroupId = 1, Audience = SearchAudiences.Readers },
        ], CancellationToken.None);

    private static List<double> Time(int repetitions, Func<string> build)
    {
        for (var i = 0; i < 5; i++)
        {
            build();
        }
        var times = new List<double>();
        var watch = new Stopwatch();
        for (var i = 0; i < repetitions; i++)
        {
            watch.Restart();
            build();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static int Marks(string body, string word)
    {
        var count = 0;
        for (var at = body.IndexOf(word, StringComparison.Ordinal); at >= 0; at = body.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
