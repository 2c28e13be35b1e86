using System.Text;
using ChildForum.Core.Search;

namespace ChildForum.Search.Syntax;

/// <summary>Reads the contract's query syntax: words (all required), <c>"phrases"</c>, <c>-excluded</c> words or
/// phrases, <c>OR</c> between two terms, <c>prefix*</c>. It never fails: unbalanced quotes close at the end, stray
/// operators and symbols are dropped (a best-effort reading), and limits keep queries small.</summary>
public static class SearchQueryParser
{
    public const int MaxLength = 500;
    public const int MaxTerms = 32;

    /// <summary>Shorter prefixes would match most of the index.</summary>
    public const int MinPrefixLength = 2;

    /// <summary>The part of a query that is searched (and named in the search page's title): its first
    /// <see cref="MaxLength"/> characters.</summary>
    public static string Searched(string text) => text.Length > MaxLength ? text[..MaxLength] : text;

    public static ParsedQuery Parse(string? text)
    {
        var required = new List<List<SearchTerm>>();
        var excluded = new List<SearchTerm>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ParsedQuery([], []);
        }
        text = Searched(text);
        var pendingOr = false;
        var count = 0;
        foreach (var (token, negated, quoted) in Tokens(text))
        {
            if (count >= MaxTerms)
            {
                break;
            }
            if (!quoted && !negated && token == "OR")
            {
                pendingOr = required.Count > 0;
                continue;
            }
            var term = ToTerm(token, quoted);
            if (term is null)
            {
                continue;
            }
            count++;
            if (negated)
            {
                excluded.Add(term);
                pendingOr = false;
            }
            else if (pendingOr)
            {
                required[^1].Add(term);
                pendingOr = false;
            }
            else
            {
                required.Add([term]);
            }
        }
        return new ParsedQuery(required.Select(c => new SearchClause(c)).ToList(), excluded);
    }

    private static SearchTerm? ToTerm(string token, bool quoted)
    {
        if (quoted)
        {
            var phrase = Clean(token);
            return phrase.Length == 0 ? null : new SearchTerm(phrase, IsPhrase: true);
        }
        var prefix = token.EndsWith('*');
        var word = Clean(token);
        if (word.Length == 0)
        {
            return null;
        }
        return prefix && word.Length >= MinPrefixLength && !word.Contains(' ', StringComparison.Ordinal)
            ? new SearchTerm(word, IsPrefix: true)
            : new SearchTerm(word);
    }

    /// <summary>Letters, digits and spaces stay; every other character (query syntax of any engine) becomes a space.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark ? c : ' ');
        }
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static IEnumerable<(string Token, bool Negated, bool Quoted)> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i >= text.Length)
            {
                yield break;
            }
            var negated = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negated = true;
                i++;
            }
            if (text[i] is '"' or '“' or '”' or '「' or '」')
            {
                i++;
                var start = i;
                while (i < text.Length && text[i] is not ('"' or '“' or '”' or '「' or '」'))
                {
                    i++;
                }
                yield return (text[start..i], negated, true);
                i++;
                continue;
            }
            var begin = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }
            yield return (text[begin..i], negated, false);
        }
    }
}
