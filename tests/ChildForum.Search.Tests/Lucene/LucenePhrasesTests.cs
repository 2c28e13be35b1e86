using ChildForum.Search.Lucene;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>Phrases count positions from their first term, so leading stop words do not keep a phrase from matching at the
/// start of a text.</summary>
public sealed class LucenePhrasesTests
{
    [Fact]
    public void A_phrase_of_one_term_is_a_term_and_positions_count_from_the_first_term()
    {
        var english = LuceneFields.Analyzers[LuceneFields.English];
        var cjk = LuceneFields.Analyzers[LuceneFields.Cjk];

        Assert.Null(LucenePhrases.Phrase(english, LuceneFields.English, "the of"));
        Assert.Equal(new TermQuery(new Term(LuceneFields.English, "children")), LucenePhrases.Phrase(english, LuceneFields.English, "children"));
        Assert.Equal(new TermQuery(new Term(LuceneFields.Cjk, "培训")), LucenePhrases.Phrase(cjk, LuceneFields.Cjk, "培训"));
        var bigrams = Assert.IsType<PhraseQuery>(LucenePhrases.Phrase(cjk, LuceneFields.Cjk, "留守儿童"));
        Assert.Equal(["留守", "守儿", "儿童"], bigrams.GetTerms().Select(t => t.Text));
        Assert.Equal([0, 1, 2], bigrams.GetPositions());
        var words = Assert.IsType<PhraseQuery>(LucenePhrases.Phrase(english, LuceneFields.English, "the director of homes"));
        Assert.Equal(["director", "home"], words.GetTerms().Select(t => t.Text));
        Assert.Equal([0, 2], words.GetPositions());
    }

    [Fact]
    public void A_phrase_that_starts_with_a_stop_word_finds_a_text_that_starts_with_its_words()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneFields.Version, LuceneFields.PerField())))
        {
            writer.AddDocument(new Document { new TextField(LuceneFields.English, "Village child directors visit homes", Field.Store.NO) });
        }
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var english = LuceneFields.Analyzers[LuceneFields.English];

        Assert.Equal(1, searcher.Search(LucenePhrases.Phrase(english, LuceneFields.English, "the village child director")!, 10).TotalHits);
        Assert.Equal(1, searcher.Search(LucenePhrases.Phrase(english, LuceneFields.English, "of a village child")!, 10).TotalHits);
        Assert.Equal(0, searcher.Search(LucenePhrases.Phrase(english, LuceneFields.English, "the child village")!, 10).TotalHits);
    }
}
