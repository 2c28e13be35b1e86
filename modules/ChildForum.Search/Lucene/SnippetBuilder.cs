using System.Net;
using System.Text;
using ChildForum.Core.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace ChildForum.Search.Lucene;

/// <summary>Snippets from the analyzers' offsets (the Highlighter package is not available here): the text is run
/// through the same analyzers as the index, tokens equal to an analyzed query term (or starting with a prefix) are
/// marked, and a window around the densest part is cut out. Everything but the marks is HTML-escaped.</summary>
public sealed class SnippetBuilder(ParsedQuery query)
{
    public const int Length = 180;

    /// <summary>Longer bodies are highlighted in their first part only; the snippet then shows that part.</summary>
    public const int AnalyzedLength = 20_000;

    private readonly Dictionary<string, HashSet<string>> _terms = [];
    private List<string>? _prefixes;

    public string Build(string body, string language)
    {
        var text = body.Length > AnalyzedLength ? body[..AnalyzedLength] : body;
        var ranges = new List<(int Start, int End)>();
        foreach (var (field, terms, prefixes) in Passes(LuceneFields.FieldFor(language)))
        {
            if (terms.Count == 0 && prefixes.Count == 0)
            {
                continue;
            }
            // Token by token without a string for each: only the matches are kept.
            var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
            using var stream = LuceneFields.Analyzers[field].GetTokenStream(field, new StringReader(text));
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var token = term.Buffer.AsSpan(0, term.Length);
                if (lookup.Contains(token) || StartsWithAny(token, prefixes))
                {
                    ranges.Add((offset.StartOffset, offset.EndOffset));
                }
            }
            stream.End();
        }
        var merged = Merge(ranges);
        var (from, to) = Window(text, merged);
        var html = new StringBuilder();
        if (from > 0)
        {
            html.Append('…');
        }
        var position = from;
        foreach (var (start, end) in merged.Where(r => r.End > from && r.Start < to))
        {
            var s = Math.Max(start, from);
            var e = Math.Min(end, to);
            html.Append(WebUtility.HtmlEncode(text[position..s])).Append("<mark>").Append(WebUtility.HtmlEncode(text[s..e])).Append("</mark>");
            position = e;
        }
        html.Append(WebUtility.HtmlEncode(text[position..to]));
        if (to < body.Length)
        {
            html.Append('…');
        }
        return html.ToString().Replace('\n', ' ');
    }

    private static bool StartsWithAny(ReadOnlySpan<char> token, List<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (token.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The fields a document of that language field was searched in, with what was looked for in each (see
    /// <see cref="LuceneQueries"/>): a Chinese document's words and prefixes in the CJK field; another document's words
    /// stemmed in its language's field, its Chinese words in the CJK field, and its prefixes among unstemmed words.</summary>
    private IEnumerable<(string Field, HashSet<string> Terms, List<string> Prefixes)> Passes(string languageField)
    {
        if (languageField == LuceneFields.Cjk)
        {
            yield return (LuceneFields.Cjk, TermsFor(LuceneFields.Cjk, cjkOnly: false), Prefixes);
            yield break;
        }
        yield return (languageField, TermsFor(languageField, cjkOnly: false), []);
        yield return (LuceneFields.Cjk, TermsFor(LuceneFields.Cjk, cjkOnly: true), []);
        yield return (LuceneFields.Prefix, [], Prefixes);
    }

    private HashSet<string> TermsFor(string field, bool cjkOnly)
    {
        var key = cjkOnly ? field + ":cjk-only" : field;
        if (_terms.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in query.PositiveTerms.Where(t => !t.IsPrefix))
        {
            terms.UnionWith(Tokens(LuceneFields.Analyzers[field], field, term.Text).Select(t => t.Term).Where(t => !cjkOnly || t.Any(LuceneFields.IsCjk)));
        }
        return _terms[key] = terms;
    }

    private List<string> Prefixes =>
        _prefixes ??= query.PositiveTerms.Where(t => t.IsPrefix).Select(t => t.Text.ToLowerInvariant()).ToList();

    private static List<(string Term, int Start, int End)> Tokens(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int, int)>();
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return tokens;
    }

    private static List<(int Start, int End)> Merge(List<(int Start, int End)> ranges)
    {
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }
        return merged;
    }

    /// <summary>The window of <see cref="Length"/> characters holding the most marks, starting a little before the first.</summary>
    private static (int From, int To) Window(string text, List<(int Start, int End)> marks)
    {
        if (text.Length <= Length || marks.Count == 0)
        {
            return (0, Math.Min(text.Length, Length));
        }
        var best = marks[0].Start;
        var bestCount = 0;
        foreach (var mark in marks)
        {
            var count = marks.Count(m => m.Start >= mark.Start && m.End <= mark.Start + Length);
            if (count > bestCount)
            {
                (best, bestCount) = (mark.Start, count);
            }
        }
        var from = Math.Max(0, best - 40);
        var space = text.LastIndexOf(' ', Math.Max(0, from), Math.Min(from, 20));
        if (space > 0)
        {
            from = space + 1;
        }
        var to = Math.Min(text.Length, from + Length);
        return (from, to);
    }
}
