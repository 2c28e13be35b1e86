namespace ChildForum.PolicyDrafts.Benchmarks;

/// <summary>The benchmark inputs, generated with fixed seeds: the same text on every run and machine.</summary>
public static class Inputs
{
    public const int DraftSeed = 20261123;
    public const int RevisionSeed = 1123;
    public const int MixedSeed = 191;

    public const string Draft50 = "draft 50 KB";
    public const string Mixed200 = "mixed 200 KB";

    private static readonly Lazy<string> DraftOf50 = new(() => new DraftGenerator(DraftSeed).Draft(50 * 1024).Markdown);
    private static readonly Lazy<(GeneratedDraft V1, GeneratedDraft V2, RevisionSummary Summary)> DraftOf100 = new(() =>
    {
        var v1 = new DraftGenerator(DraftSeed + 1).Draft(100 * 1024);
        var v2 = new DraftGenerator(RevisionSeed).Revise(v1, out var summary);
        return (v1, v2, summary);
    });
    private static readonly Lazy<string> MixedOf200 = new(() => new MixedGenerator(MixedSeed).Document(200 * 1024));

    /// <summary>A policy draft of about 50 KB (UTF-8).</summary>
    public static string Draft50KB => DraftOf50.Value;

    /// <summary>Version 1 of a policy draft of about 100 KB.</summary>
    public static string Draft100KBv1 => DraftOf100.Value.V1.Markdown;

    /// <summary>Version 2: <see cref="Draft100KBv1"/> with a round of edits (<see cref="Revision"/>).</summary>
    public static string Draft100KBv2 => DraftOf100.Value.V2.Markdown;

    public static RevisionSummary Revision => DraftOf100.Value.Summary;

    /// <summary>A document of about 200 KB using every construct of the pipeline.</summary>
    public static string Mixed200KB => MixedOf200.Value;

    public static string Named(string name) => name switch
    {
        Draft50 => Draft50KB,
        Mixed200 => Mixed200KB,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown input."),
    };
}
