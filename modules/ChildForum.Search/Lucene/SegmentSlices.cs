using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ChildForum.Search.Lucene;

/// <summary>One query over a large index on several cores at once: the segments are cut into contiguous slices of about
/// equal size, each slice is collected on its own thread with its own collectors (the query's <see cref="Weight"/> is
/// shared, as Lucene's own concurrent search does), and the caller merges the slices' results. A query's time is then
/// about its largest slice's. Contiguous slices keep ties in index order when the top documents are merged by slice.</summary>
public static class SegmentSlices
{
    /// <summary>Indexes smaller than this are searched on one thread: starting threads would cost more than it saves.</summary>
    public const int ParallelFromDocuments = 50_000;

    /// <summary>The leaves in at most <paramref name="count"/> contiguous slices of about equal document counts (never
    /// an empty slice; one slice for an index smaller than <paramref name="fromDocuments"/> or a single core).</summary>
    public static IReadOnlyList<AtomicReaderContext[]> Of(IList<AtomicReaderContext> leaves, int count, int fromDocuments = ParallelFromDocuments)
    {
        var total = leaves.Sum(l => (long)l.AtomicReader.MaxDoc);
        if (count <= 1 || leaves.Count <= 1 || total < fromDocuments)
        {
            return [[.. leaves]];
        }
        var slices = new List<AtomicReaderContext[]>(count);
        var current = new List<AtomicReaderContext>();
        long done = 0;
        foreach (var leaf in leaves)
        {
            current.Add(leaf);
            done += leaf.AtomicReader.MaxDoc;
            // Close the slice once it reaches its share of the documents (the last slice takes the rest).
            if (slices.Count < count - 1 && done * count >= total * (slices.Count + 1))
            {
                slices.Add([.. current]);
                current.Clear();
            }
        }
        if (current.Count > 0)
        {
            slices.Add([.. current]);
        }
        return slices;
    }

    /// <summary>Collects <paramref name="weight"/>'s matches in one slice, as <see cref="IndexSearcher"/> does for the
    /// whole index (deleted documents excluded).</summary>
    public static void Collect(Weight weight, IEnumerable<AtomicReaderContext> slice, ICollector collector)
    {
        foreach (var leaf in slice)
        {
            collector.SetNextReader(leaf);
            var scorer = weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, leaf.AtomicReader.LiveDocs);
            scorer?.Score(collector);
        }
    }
}
