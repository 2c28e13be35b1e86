using ChildForum.Search.Lucene;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>Phrases looked up by their runs of two and three words (<see cref="PhraseShingles"/>) find exactly the documents the phrase of
/// words finds, in English (stemmed, stop words leaving gaps) and Chinese (bigrams); the runs change no word's place.</summary>
public sealed class PhraseShinglesTests
{
    [Fact]
    public void Runs_of_two_and_three_words_are_stacked_on_their_last_word_and_none_spans_a_stop_word()
    {
        var tokens = Tokens(LuceneFields.English, "The village child director visits of homes");

        Assert.Equal(
            [
                ("villag", 1), ("child", 2), (Run("villag", "child"), 2), ("director", 3), (Run("child", "director"), 3), (Run("villag", "child", "director"), 3),
                ("visit", 4), (Run("director", "visit"), 4), (Run("child", "director", "visit"), 4), ("home", 6),
            ],
            tokens);
    }

    [Fact]
    public void Chinese_bigrams_are_joined_in_runs_like_words()
    {
        var tokens = Tokens(LuceneFields.Cjk, "儿童主任");

        Assert.Equal([("儿童", 0), ("童主", 1), (Run("儿童", "童主"), 1), ("主任", 2), (Run("童主", "主任"), 2), (Run("儿童", "童主", "主任"), 2)], tokens);
    }

    [Fact]
    public void A_phrase_of_one_term_is_a_term_and_one_with_a_gap_a_phrase_of_words_from_its_first_term()
    {
        var english = LuceneFields.Analyzers[LuceneFields.English];
        var cjk = LuceneFields.Analyzers[LuceneFields.Cjk];

        Assert.Null(PhraseShingles.Phrase(english, LuceneFields.English, "the of"));
        Assert.Equal(new TermQuery(new Term(LuceneFields.English, "children")), PhraseShingles.Phrase(english, LuceneFields.English, "children"));
        Assert.Equal(new TermQuery(new Term(LuceneFields.Cjk, "培训")), PhraseShingles.Phrase(cjk, LuceneFields.Cjk, "培训"));
        Assert.Equal(new TermQuery(new Term(LuceneFields.Cjk, Run("留守", "守儿"))), PhraseShingles.Phrase(cjk, LuceneFields.Cjk, "留守儿"));
        Assert.Equal(new TermQuery(new Term(LuceneFields.Cjk, Run("留守", "守儿", "儿童"))), PhraseShingles.Phrase(cjk, LuceneFields.Cjk, "留守儿童"));
        var runs = Assert.IsType<PhraseQuery>(PhraseShingles.Phrase(cjk, LuceneFields.Cjk, "留守儿童们"));
        Assert.Equal([Run("留守", "守儿", "儿童"), Run("守儿", "儿童", "童们")], runs.GetTerms().Select(t => t.Text));
        Assert.Equal([0, 1], runs.GetPositions());
        var words = Assert.IsType<PhraseQuery>(PhraseShingles.Phrase(english, LuceneFields.English, "the director of homes"));
        Assert.Equal(["director", "home"], words.GetTerms().Select(t => t.Text));
        Assert.Equal([0, 2], words.GetPositions());
    }

    [Theory]
    [InlineData(LuceneFields.English, "the of child children village director home visit case management school and 村 儿童", 1)]
    [InlineData(LuceneFields.Cjk, "留守儿童主任家访培训的了 child village", 2)]
    public void Runs_find_exactly_what_the_phrase_of_words_finds(string field, string vocabulary, int seed)
    {
        var random = new Random(seed);
        var words = field == LuceneFields.Cjk
            ? vocabulary.Split(' ')[0].Select(c => c.ToString()).Concat(vocabulary.Split(' ').Skip(1)).ToArray()
            : vocabulary.Split(' ');
        string Text(int length) => string.Join(field == LuceneFields.Cjk && random.Next(3) > 0 ? "" : " ", Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)]));

        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneFields.Version, LuceneFields.PerField())))
        {
            for (var i = 0; i < 400; i++)
            {
                writer.AddDocument(new Document { new TextField(field, Text(random.Next(1, 30)), Field.Store.NO) });
            }
        }
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var analyzer = LuceneFields.Analyzers[field];
        var compared = 0;
        var found = 0;
        for (var i = 0; i < 600; i++)
        {
            var phrase = Text(random.Next(2, 7));
            if (PhraseShingles.Phrase(analyzer, field, phrase) is not PhraseQuery and not TermQuery || WordPhrase(analyzer, field, phrase) is not { } byWords)
            {
                continue;
            }
            var expected = Documents(searcher, byWords);
            var runs = PhraseShingles.Phrase(analyzer, field, phrase)!;
            Assert.True(expected.SequenceEqual(Documents(searcher, runs)), $"'{phrase}': {byWords} vs {runs}");
            compared++;
            found += expected.Length > 0 ? 1 : 0;
        }
        Assert.True(compared > 300 && found > 100, $"only {compared} phrases were compared, {found} of them found something");
    }

    /// <summary>The phrase of the text's words at their positions counted from the first word; null for fewer than two.</summary>
    private static PhraseQuery? WordPhrase(global::Lucene.Net.Analysis.Analyzer analyzer, string field, string text)
    {
        var phrase = new PhraseQuery();
        using var stream = analyzer.GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position = position < 0 ? 0 : position + increment.PositionIncrement;
            phrase.Add(new Term(field, term.ToString()), position);
        }
        stream.End();
        return phrase.GetTerms().Length < 2 ? null : phrase;
    }

    private static string Run(params string[] words) => PhraseShingles.Run(words);

    private static int[] Documents(IndexSearcher searcher, Query query) =>
        searcher.Search(query, 1000).ScoreDocs.Select(d => d.Doc).Order().ToArray();

    private static List<(string Term, int Position)> Tokens(string field, string text)
    {
        var result = new List<(string, int)>();
        using var stream = LuceneFields.PerField().GetTokenStream(field, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            result.Add((term.ToString(), position));
        }
        stream.End();
        return result;
    }
}
