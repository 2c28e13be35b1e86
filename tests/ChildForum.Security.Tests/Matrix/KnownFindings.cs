namespace ChildForum.Security.Tests.Matrix;

/// <summary>Rows where today's product answers differently from the contract: real findings, kept with the CORRECT
/// expectation so that the matrix reports them as failing, with the reason here. A finding that no longer reproduces also
/// fails its row (remove it from this list then), so the list never outlives the bugs it names.</summary>
public static class KnownFindings
{
    public static IReadOnlyDictionary<string, string> ByRow { get; } = new Dictionary<string, string>
    {
    };
}
