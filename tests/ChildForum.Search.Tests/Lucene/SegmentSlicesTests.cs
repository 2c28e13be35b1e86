using System.Globalization;
using ChildForum.Search.Lucene;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>A query's slices hold equal numbers of documents however the index is merged (issue 11: a reopened index
/// merged into one large segment and a few small ones left one core with three quarters of the work), and collecting
/// them finds each match of the whole index exactly once.</summary>
public sealed class SegmentSlicesTests : IDisposable
{
    private const string Field = "body";

    // One large segment and three small ones, as a site's index looks after merges; every fifth document deleted.
    private static readonly int[] SegmentSizes = [300, 10, 10, 7];

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public SegmentSlicesTests()
    {
        var config = new IndexWriterConfig(LuceneFields.Version, LuceneFields.PerField()) { MergePolicy = NoMergePolicy.COMPOUND_FILES };
        using (var writer = new IndexWriter(_directory, config))
        {
            var id = 0;
            foreach (var size in SegmentSizes)
            {
                for (var i = 0; i < size; i++, id++)
                {
                    writer.AddDocument(new Document
                    {
                        new StringField("id", id.ToString(CultureInfo.InvariantCulture), global::Lucene.Net.Documents.Field.Store.YES),
                        new StringField(Field, id % 3 == 0 ? "match" : "other", global::Lucene.Net.Documents.Field.Store.NO),
                    });
                }
                writer.Commit();
            }
            for (var deleted = 0; deleted < id; deleted += 5)
            {
                writer.DeleteDocuments(new Term("id", deleted.ToString(CultureInfo.InvariantCulture)));
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Slices_hold_equal_document_counts_and_cover_the_index_in_order(int count)
    {
        Assert.Equal(SegmentSizes.Length, _reader.Leaves.Count);

        var slices = SegmentSlices.Of(_reader.Leaves, count, fromDocuments: 0);

        Assert.Equal(count, slices.Count);
        var sizes = slices.Select(s => s.Sum(p => p.Documents)).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"Slices of {string.Join(", ", sizes)} documents.");
        Assert.All(slices, s => Assert.All(s, p => Assert.True(p.Documents > 0)));
        // The parts, in order, are the index's documents 0 … maxDoc-1 without gap or overlap.
        var next = 0;
        foreach (var part in slices.SelectMany(s => s))
        {
            Assert.Equal(next, part.Leaf.DocBase + part.From);
            next = part.Leaf.DocBase + part.To;
        }
        Assert.Equal(_reader.MaxDoc, next);
    }

    [Fact]
    public void A_small_index_or_one_core_is_one_slice_of_whole_segments()
    {
        Assert.All(new[] { SegmentSlices.Of(_reader.Leaves, 4), SegmentSlices.Of(_reader.Leaves, 1, fromDocuments: 0) }, slices =>
        {
            var slice = Assert.Single(slices);
            Assert.Equal(SegmentSizes.Length, slice.Length);
            Assert.All(slice, p => Assert.True(p.IsWholeSegment));
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Collecting_the_slices_finds_each_live_match_once(int count)
    {
        var searcher = new IndexSearcher(_reader);
        var query = new TermQuery(new Term(Field, "match"));
        var expected = searcher.Search(query, _reader.MaxDoc).ScoreDocs.Select(d => d.Doc).Order().ToList();
        var weight = searcher.CreateNormalizedWeight(query);

        var found = new List<int>();
        foreach (var slice in SegmentSlices.Of(_reader.Leaves, count, fromDocuments: 0))
        {
            var collector = new DocumentsCollector();
            SegmentSlices.Collect(weight, slice, collector);
            found.AddRange(collector.Documents);
        }

        Assert.Equal(109 - 22, expected.Count); // 109 matches (every third of 327), of which 22 deleted (multiples of 15)
        Assert.Equal(expected, found.Order());
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    /// <summary>The index-wide numbers of the documents collected.</summary>
    private sealed class DocumentsCollector : ICollector
    {
        private int _docBase;

        public List<int> Documents { get; } = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void Collect(int doc) => Documents.Add(_docBase + doc);

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void SetScorer(Scorer scorer)
        {
            // Scores are not needed: the test compares which documents match.
        }
    }
}
