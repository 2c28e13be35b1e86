using BenchmarkDotNet.Attributes;
using ChildForum.Core.Markdown;
using ChildForum.PolicyDrafts.Documents;

namespace ChildForum.PolicyDrafts.Benchmarks;

/// <summary>Comparing two versions of a 100 KB draft (<see cref="Inputs.Revision"/>): with the versions
/// parsed beforehand, as the site caches them (<c>DraftDocuments</c>), and without the cache.</summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class DiffBenchmarks
{
    /// <summary>The labels the site uses in English (<c>DraftService.Labels</c>).</summary>
    public static readonly DiffLabels Labels = new("Inserted:", "Deleted:", "Changed paragraph:", "Moved:", "(end of insertion)", "(end of deletion)");

    private MarkdownRenderer _renderer = null!;
    private string _v1 = "";
    private string _v2 = "";
    private DraftDocument _from = null!;
    private DraftDocument _to = null!;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = new MarkdownRenderer();
        _v1 = Inputs.Draft100KBv1;
        _v2 = Inputs.Draft100KBv2;
        _from = DraftDocument.Parse(_v1, _renderer);
        _to = DraftDocument.Parse(_v2, _renderer);
    }

    [Benchmark(Description = "100 KB: DraftDiff.Compare (parsed versions cached)")]
    public IReadOnlyList<DiffChange> Compare() => DraftDiff.Compare(_from, _to);

    [Benchmark(Description = "100 KB: Compare + ToHtml (parsed versions cached)")]
    public string CompareAndHtml() => DraftDiff.ToHtml(DraftDiff.Compare(_from, _to), _from, _to, Labels);

    [Benchmark(Description = "100 KB: Parse both + Compare + ToHtml (no cache)")]
    public string ParseCompareAndHtml()
    {
        var from = DraftDocument.Parse(_v1, _renderer);
        var to = DraftDocument.Parse(_v2, _renderer);
        return DraftDiff.ToHtml(DraftDiff.Compare(from, to), from, to, Labels);
    }
}
