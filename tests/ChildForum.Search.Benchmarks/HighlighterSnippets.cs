using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace ChildForum.Search.Benchmarks;

/// <summary>The library alternative to <see cref="SnippetBuilder"/>, measured beside it (issue 11): Lucene.Net.Highlighter's
/// <see cref="Highlighter"/> with a <see cref="QueryScorer"/> over the body analyzed again in each field a document of
/// that language was searched in (the index keeps neither term vectors nor offsets in postings, and the CJK field of an
/// English document holds other text than its body, so the FastVectorHighlighter and PostingsHighlighter do not apply),
/// <see cref="SimpleHTMLEncoder"/> for everything but the marks, fragments of <see cref="SnippetBuilder.Length"/>
/// characters. The best fragment of the first field that has one is the snippet.</summary>
public sealed class HighlighterSnippets(ParsedQuery parsed)
{
    private readonly Query? _query = LuceneQueries.Build(parsed);

    public string Build(string body, string language)
    {
        if (_query is null)
        {
            return "";
        }
        var field = LuceneFields.FieldFor(language);
        string[] fields = field == LuceneFields.Cjk ? [LuceneFields.Cjk] : [field, LuceneFields.Cjk, LuceneFields.Prefix];
        string? best = null;
        foreach (var f in fields)
        {
            var scorer = new QueryScorer(_query, f);
            var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), scorer)
            {
                TextFragmenter = new SimpleSpanFragmenter(scorer, SnippetBuilder.Length),
                MaxDocCharsToAnalyze = SnippetBuilder.AnalyzedLength,
            };
            best ??= highlighter.GetBestFragment(LuceneFields.Analyzers[f], f, body);
        }
        return best ?? "";
    }
}
