using System.Globalization;
using System.Text;
using ChildForum.Core.Search;
using ChildForum.Search.Syntax;

namespace ChildForum.Search.Tests.Syntax;

/// <summary>The contract's query syntax (words, "phrases", -excluded, OR, prefix*) read into a <see cref="ParsedQuery"/>:
/// best effort, never an exception, and no character of any engine's query syntax reaches a backend.</summary>
public sealed class SearchQueryParserTests
{
    private static List<List<string>> Required(ParsedQuery query) => query.Required.Select(c => c.AnyOf.Select(Show).ToList()).ToList();

    private static List<string> Excluded(ParsedQuery query) => query.Excluded.Select(Show).ToList();

    /// <summary>A term as one string: <c>"a b"</c> for a phrase, <c>pre*</c> for a prefix.</summary>
    private static string Show(SearchTerm term) => term.IsPhrase ? $"\"{term.Text}\"" : term.IsPrefix ? term.Text + "*" : term.Text;

    [Fact]
    public void Words_are_each_required()
    {
        var query = SearchQueryParser.Parse("village child   directors");

        Assert.Equal([["village"], ["child"], ["directors"]], Required(query));
        Assert.Empty(query.Excluded);
        Assert.False(query.IsEmpty);
    }

    [Theory]
    [InlineData("\"left behind children\"", "left behind children")]
    [InlineData("“留守 儿童”", "留守 儿童")]
    [InlineData("「留守儿童」", "留守儿童")]
    [InlineData("“left behind”", "left behind")]
    public void Quoted_text_is_a_phrase_with_straight_and_chinese_quotes(string text, string phrase)
    {
        var query = SearchQueryParser.Parse(text);

        var term = Assert.Single(Assert.Single(query.Required).AnyOf);
        Assert.True(term.IsPhrase);
        Assert.Equal(phrase, term.Text);
    }

    [Fact]
    public void Phrase_and_words_mix()
    {
        var query = SearchQueryParser.Parse("training \"named contact\" township");

        Assert.Equal([["training"], ["\"named contact\""], ["township"]], Required(query));
    }

    [Fact]
    public void Minus_excludes_a_word_or_a_phrase()
    {
        var query = SearchQueryParser.Parse("training -refresher -\"two days\"");

        Assert.Equal([["training"]], Required(query));
        Assert.Equal(["refresher", "\"two days\""], Excluded(query));
    }

    [Fact]
    public void Minus_inside_or_after_a_word_does_not_exclude()
    {
        var query = SearchQueryParser.Parse("left-behind children - school");

        Assert.Empty(query.Excluded);
        Assert.Contains(["children"], Required(query));
        Assert.Contains(["school"], Required(query));
    }

    [Fact]
    public void Or_joins_the_terms_on_either_side_into_one_clause()
    {
        var query = SearchQueryParser.Parse("neglect OR abuse referral");

        Assert.Equal([["neglect", "abuse"], ["referral"]], Required(query));
    }

    [Fact]
    public void Or_chains_into_one_clause()
    {
        var query = SearchQueryParser.Parse("a1 OR b2 OR \"c3 d4\"");

        Assert.Equal([["a1", "b2", "\"c3 d4\""]], Required(query));
    }

    [Theory]
    [InlineData("OR training")]
    [InlineData("training OR")]
    [InlineData("OR OR training OR OR")]
    [InlineData("OR -refresher training")]
    public void Stray_or_is_dropped(string text)
    {
        var query = SearchQueryParser.Parse(text);

        Assert.Equal([["training"]], Required(query));
        Assert.DoesNotContain(query.PositiveTerms, t => t.Text == "OR");
    }

    [Fact]
    public void Only_operators_make_an_empty_query()
    {
        foreach (var text in new[] { "OR", "OR OR", "-", "- -", "*", "\"\"", "“”", "「」", "-\"\"", "* ? ~ ^ \\ : ( ) [ ] { } ! & | + / <>" })
        {
            Assert.True(SearchQueryParser.Parse(text).IsEmpty, $"'{text}' should read as an empty query.");
        }
    }

    [Fact]
    public void Star_after_two_or_more_characters_is_a_prefix()
    {
        var query = SearchQueryParser.Parse("volunt* ch*");

        Assert.Equal([["volunt*"], ["ch*"]], Required(query));
        Assert.All(query.PositiveTerms, t => Assert.True(t.IsPrefix));
    }

    [Fact]
    public void Star_after_one_character_is_not_a_prefix()
    {
        var term = Assert.Single(SearchQueryParser.Parse("v*").PositiveTerms);

        Assert.False(term.IsPrefix);
        Assert.Equal("v", term.Text);
        Assert.Equal(2, SearchQueryParser.MinPrefixLength);
    }

    [Theory]
    [InlineData("\"left behind", "left behind")]
    [InlineData("“留守儿童", "留守儿童")]
    [InlineData("training \"named contact", "named contact")]
    public void Unbalanced_quote_closes_at_the_end(string text, string phrase)
    {
        var query = SearchQueryParser.Parse(text);

        Assert.Contains(query.PositiveTerms, t => t.IsPhrase && t.Text == phrase);
    }

    [Theory]
    [InlineData("title:x", new[] { "title", "x" })]
    [InlineData("(x", new[] { "x" })]
    [InlineData("x)", new[] { "x" })]
    [InlineData("a AND b", new[] { "a", "b" })]
    [InlineData("a && b || c", new[] { "a", "b", "c" })]
    [InlineData("x~2", new[] { "x" })]
    [InlineData("x^10", new[] { "x" })]
    [InlineData("wh?t", new[] { "wh", "t" })]
    [InlineData("a\\b", new[] { "a", "b" })]
    [InlineData("[a TO b]", new[] { "a", "b" })]
    [InlineData("{a TO b}", new[] { "a", "b" })]
    [InlineData("/regex.*/", new[] { "regex" })]
    [InlineData("+must !not", new[] { "must", "not" })]
    [InlineData("group:1 OR _exists_:body", new[] { "group", "body" })]
    public void Query_syntax_of_lucene_and_elasticsearch_is_read_as_plain_words(string text, string[] words)
    {
        var query = SearchQueryParser.Parse(text);

        AssertOnlyPlainText(query);
        var all = string.Join(' ', query.PositiveTerms.Select(t => t.Text)).Split(' ');
        Assert.All(words, w => Assert.Contains(w, all));
    }

    [Fact]
    public void Empty_and_blank_input_is_an_empty_query()
    {
        foreach (var text in new[] { null, "", " ", "\t\n", "\u3000" })
        {
            var query = SearchQueryParser.Parse(text);
            Assert.True(query.IsEmpty);
            Assert.Empty(query.Excluded);
        }
    }

    [Fact]
    public void Very_long_input_is_cut_to_limits()
    {
        var text = string.Join(' ', Enumerable.Range(0, 20_000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)));

        var query = SearchQueryParser.Parse(text);

        Assert.InRange(query.Required.Sum(c => c.AnyOf.Count) + query.Excluded.Count, 1, SearchQueryParser.MaxTerms);
        Assert.Equal("w0", query.Required[0].AnyOf[0].Text);
    }

    [Fact]
    public void Very_long_single_token_and_long_phrase_do_not_throw()
    {
        foreach (var text in new[] { new string('a', 100_000), "\"" + new string('儿', 100_000), new string('"', 100_000), new string('-', 100_000), new string('*', 100_000) })
        {
            var query = SearchQueryParser.Parse(text);
            AssertOnlyPlainText(query);
            Assert.All(query.PositiveTerms.Concat(query.Excluded), t => Assert.True(t.Text.Length <= SearchQueryParser.MaxLength));
        }
    }

    [Fact]
    public void Chinese_text_is_kept_as_it_is()
    {
        var query = SearchQueryParser.Parse("留守儿童 寄宿制学校 -周末");

        Assert.Equal([["留守儿童"], ["寄宿制学校"]], Required(query));
        Assert.Equal(["周末"], Excluded(query));
    }

    [Fact]
    public void Danish_and_swedish_letters_and_combining_marks_stay()
    {
        var query = SearchQueryParser.Parse("børnehave förskola cafe\u0301");

        Assert.Equal([["børnehave"], ["förskola"], ["cafe\u0301"]], Required(query));
    }

    /// <summary>Random input from an alphabet heavy in operators and quotes: never an exception, and every term is plain
    /// text within the limits.</summary>
    [Fact]
    public void Random_input_never_throws_and_yields_only_plain_terms()
    {
        const string alphabet = "ab儿童 \"“”「」-*ORAND:()[]{}~^\\?!+&|/\t\n\u0000\u200b😀é";
        var random = new Random(20260101);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 60);
            for (var j = 0; j < length; j++)
            {
                text.Append(random.Next(6) == 0 ? " OR " : alphabet[random.Next(alphabet.Length)].ToString());
            }
            var input = text.ToString();
            ParsedQuery query;
            try
            {
                query = SearchQueryParser.Parse(input);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Parse threw {e.GetType().Name} for {Escape(input)}: {e.Message}");
            }
            AssertOnlyPlainText(query, input);
        }
    }

    /// <summary>Terms hold letters, digits and combining marks separated by single spaces; prefixes are at least
    /// <see cref="SearchQueryParser.MinPrefixLength"/> long; at most <see cref="SearchQueryParser.MaxTerms"/> terms.</summary>
    private static void AssertOnlyPlainText(ParsedQuery query, string? input = null)
    {
        var terms = query.PositiveTerms.Concat(query.Excluded).ToList();
        Assert.True(terms.Count <= SearchQueryParser.MaxTerms, $"{terms.Count} terms for {Escape(input)}");
        Assert.All(query.Required, c => Assert.NotEmpty(c.AnyOf));
        foreach (var term in terms)
        {
            Assert.True(term.Text.Length > 0, $"An empty term for {Escape(input)}");
            Assert.True(term.Text == term.Text.Trim() && !term.Text.Contains("  ", StringComparison.Ordinal), $"Term '{term.Text}' for {Escape(input)} has stray spaces");
            Assert.True(term.Text.All(c => c == ' ' || char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark),
                $"Term '{Escape(term.Text)}' for {Escape(input)} holds a character that is not a letter, digit or mark");
            Assert.False(term.IsPrefix && term.IsPhrase);
            if (term.IsPrefix)
            {
                Assert.True(term.Text.Length >= SearchQueryParser.MinPrefixLength && !term.Text.Contains(' ', StringComparison.Ordinal), $"Prefix '{term.Text}' for {Escape(input)}");
            }
        }
    }

    private static string Escape(string? text) => text is null ? "(no input)" : "'" + string.Concat(text.Select(c => c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";
}
