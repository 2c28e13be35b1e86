using ChildForum.Search.Lucene;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace ChildForum.Search.Benchmarks;

/// <summary>The committed index's segments (documents, live documents, deleted documents, files) and the slices a query
/// is cut into on this machine: what differs between a fresh index and one reopened and added to.</summary>
public static class Segments
{
    public static string Describe(string indexPath, int slices)
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(indexPath));
        using var reader = DirectoryReader.Open(directory);
        var leaves = reader.Leaves;
        var lines = new List<string>
        {
            $"Segments: {leaves.Count}, documents {reader.MaxDoc:N0}, live {reader.NumDocs:N0}, deleted {reader.NumDeletedDocs:N0}",
        };
        foreach (var leaf in leaves)
        {
            var segment = ((SegmentReader)leaf.AtomicReader).SegmentInfo;
            lines.Add($"  {segment.Info.Name}: {leaf.AtomicReader.MaxDoc,9:N0} documents, {leaf.AtomicReader.NumDeletedDocs,7:N0} deleted, {segment.GetSizeInBytes() / 1048576.0,7:N1} MB{(segment.Info.UseCompoundFile ? ", compound" : "")}");
        }
        var cut = SegmentSlices.Of(leaves, slices);
        lines.Add("Slices (documents per slice): " + string.Join(", ", cut.Select(s => s.Sum(p => (long)p.Documents).ToString("N0", System.Globalization.CultureInfo.InvariantCulture))));
        return string.Join(Environment.NewLine, lines);
    }
}
