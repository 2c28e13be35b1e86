using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChildForum.Search.Lucene;

/// <summary>One part of a slice: the documents [<see cref="From"/>, <see cref="To"/>) of one segment.</summary>
public readonly record struct SlicePart(AtomicReaderContext Leaf, int From, int To)
{
    /// <summary>The part is its whole segment (scored as Lucene scores a segment, without a starting point).</summary>
    public bool IsWholeSegment => From == 0 && To == Leaf.AtomicReader.MaxDoc;

    public int Documents => To - From;
}

/// <summary>One query over a large index on several cores at once: the index's documents are cut into contiguous slices of
/// equal document counts, each slice is collected on its own thread with its own collectors (the query's
/// <see cref="Weight"/> is shared, as Lucene's own concurrent search does), and the caller merges the slices' results. A
/// query's time is then about its largest slice's. A slice may end inside a segment: an index that has been reopened and
/// added to is merged into a few large segments (at 100,000 documents one segment held 73% of them), and slices of whole
/// segments left one core with most of the work (issue 11: the reused index's p99 was 1.5–2× the fresh one's).
/// Contiguous slices keep ties in index order when the top documents are merged by slice.</summary>
public static class SegmentSlices
{
    /// <summary>Indexes smaller than this are searched on one thread: starting threads would cost more than it saves.</summary>
    public const int ParallelFromDocuments = 50_000;

    /// <summary>The index's documents in at most <paramref name="count"/> contiguous slices whose document counts differ
    /// by at most one (never an empty slice; one slice of whole segments for an index smaller than
    /// <paramref name="fromDocuments"/> or a single core).</summary>
    public static IReadOnlyList<SlicePart[]> Of(IList<AtomicReaderContext> leaves, int count, int fromDocuments = ParallelFromDocuments)
    {
        var total = leaves.Sum(l => (long)l.AtomicReader.MaxDoc);
        if (count <= 1 || total < fromDocuments || total < count)
        {
            return [[.. leaves.Select(l => new SlicePart(l, 0, l.AtomicReader.MaxDoc))]];
        }
        var slices = new List<SlicePart[]>(count);
        var current = new List<SlicePart>();
        long done = 0;
        // The end (in documents of the whole index) of the slice being filled: slice k ends at total × (k + 1) / count.
        long End() => total * (slices.Count + 1) / count;
        foreach (var leaf in leaves)
        {
            var size = leaf.AtomicReader.MaxDoc;
            var from = 0;
            while (from < size)
            {
                var to = (int)Math.Min(size, from + (End() - done));
                current.Add(new SlicePart(leaf, from, to));
                done += to - from;
                from = to;
                if (done == End())
                {
                    slices.Add([.. current]);
                    current.Clear();
                }
            }
        }
        return slices;
    }

    /// <summary>Collects <paramref name="weight"/>'s matches in one slice, as <see cref="IndexSearcher"/> does for the
    /// whole index (deleted documents excluded). A part of a segment is scored from its first document to its last by
    /// the query's own scorer, which is what Lucene's bulk scorer does for a whole segment.</summary>
    public static void Collect(Weight weight, IEnumerable<SlicePart> slice, ICollector collector)
    {
        foreach (var part in slice)
        {
            collector.SetNextReader(part.Leaf);
            var liveDocs = part.Leaf.AtomicReader.LiveDocs;
            if (part.IsWholeSegment)
            {
                weight.GetBulkScorer(part.Leaf, !collector.AcceptsDocsOutOfOrder, liveDocs)?.Score(collector);
                continue;
            }
            if (weight.GetScorer(part.Leaf, liveDocs) is not { } scorer)
            {
                continue;
            }
            collector.SetScorer(scorer);
            for (var doc = scorer.Advance(part.From); doc < part.To; doc = scorer.NextDoc())
            {
                collector.Collect(doc);
            }
        }
    }
}
