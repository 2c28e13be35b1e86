using System.Net;
using System.Text;
using ChildForum.Core.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace ChildForum.Search.Lucene;

/// <summary>Snippets from the analyzers' offsets: the text is run through the same analyzers as the index, tokens equal
/// to an analyzed query term (or starting with a prefix) are marked, and a window around the densest part is cut out.
/// Everything but the marks is HTML-escaped. Lucene.Net.Highlighter was measured in its place (issue 11; the search
/// benchmark keeps the comparison): its term-vector and postings highlighters do not fit this index (no offsets are
/// stored, and an English document's CJK field holds other text than its body), and <c>Highlighter</c> with a
/// <c>QueryScorer</c> over the body analyzed again took 11.3 ms (p99 83 ms) for a page of 20 snippets where this takes
/// 2.3 ms (p99 15 ms), on the same index and machine: more than the whole 20 ms p99 budget of a search.</summary>
public sealed class SnippetBuilder(ParsedQuery query)
{
    public const int Length = 180;

    /// <summary>Longer bodies are highlighted in their first part only; the snippet then shows that part.</summary>
    public const int AnalyzedLength = 20_000;

    private readonly Dictionary<string, HashSet<string>> _terms = [];
    private List<string>? _prefixes;

    /// <summary>The steps the last <see cref="Build"/> took over the marks it found (merging them and finding the densest
    /// window): at most a small multiple of their number, however many there are. Tests hold that bound, where a
    /// timing could not (a 20,000-character message of one repeated word has 3,000 marks; comparing every mark with
    /// every other once cost 9 million steps per hit).</summary>
    public long MarkSteps { get; private set; }

    public string Build(string body, string language)
    {
        var text = body.Length > AnalyzedLength ? body[..AnalyzedLength] : body;
        MarkSteps = 0;
        var passes = new List<List<(int Start, int End)>>();
        foreach (var (field, terms, prefixes) in Passes(LuceneFields.FieldFor(language)))
        {
            if (terms.Count == 0 && prefixes.Count == 0)
            {
                continue;
            }
            // Token by token without a string for each: only the matches are kept.
            var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
            var ranges = new List<(int Start, int End)>();
            passes.Add(ranges);
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
        var merged = Merge(passes);
        var (from, to) = Window(text, merged);
        var html = new StringBuilder();
        if (from > 0)
        {
            html.Append('…');
        }
        var position = from;
        // The marks are in order: skip to the window, stop after it.
        var first = FirstEndingAfter(merged, from);
        for (var i = first; i < merged.Count && merged[i].Start < to; i++)
        {
            var (start, end) = merged[i];
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

    /// <summary>The marks of every pass in one ordered list, overlapping ones joined. Each pass found its marks in text
    /// order, so this is a merge of a few sorted lists: one step per mark.</summary>
    private List<(int Start, int End)> Merge(List<List<(int Start, int End)>> passes)
    {
        foreach (var pass in passes)
        {
            // Analyzers give offsets in text order; a filter that did not would only cost a sort here.
            for (var i = 1; i < pass.Count; i++)
            {
                if (pass[i].Start < pass[i - 1].Start)
                {
                    pass.Sort();
                    break;
                }
            }
        }
        var next = new int[passes.Count];
        var merged = new List<(int Start, int End)>();
        while (true)
        {
            var smallest = -1;
            for (var p = 0; p < passes.Count; p++)
            {
                if (next[p] < passes[p].Count && (smallest < 0 || passes[p][next[p]].Start < passes[smallest][next[smallest]].Start))
                {
                    smallest = p;
                }
            }
            if (smallest < 0)
            {
                return merged;
            }
            var range = passes[smallest][next[smallest]++];
            MarkSteps++;
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }
    }

    private static int FirstEndingAfter(List<(int Start, int End)> marks, int from)
    {
        // Merged marks do not overlap, so their ends are in order too.
        var (low, high) = (0, marks.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (marks[middle].End > from)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }

    /// <summary>The window of <see cref="Length"/> characters holding the most marks, starting a little before the first.
    /// Two indexes walk the ordered marks once: for each mark as the window's first, the last one that still fits only
    /// ever moves forward.</summary>
    private (int From, int To) Window(string text, List<(int Start, int End)> marks)
    {
        if (text.Length <= Length || marks.Count == 0)
        {
            return (0, Math.Min(text.Length, Length));
        }
        var best = marks[0].Start;
        var bestCount = 0;
        var last = 0;
        for (var first = 0; first < marks.Count; first++)
        {
            MarkSteps++;
            var limit = marks[first].Start + Length;
            if (last < first)
            {
                last = first;
            }
            while (last < marks.Count && marks[last].End <= limit)
            {
                MarkSteps++;
                last++;
            }
            var count = last - first;
            if (count > bestCount)
            {
                (best, bestCount) = (marks[first].Start, count);
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
