namespace ChildForum.Security.Tests.Matrix;

/// <summary>Rows where today's product answers differently from the contract: real findings, kept with the CORRECT
/// expectation so that the matrix reports them as failing, with the reason here. A finding that no longer reproduces also
/// fails its row (remove it from this list then), so the list never outlives the bugs it names.</summary>
public static class KnownFindings
{
    public static IReadOnlyDictionary<string, string> ByRow { get; } = new Dictionary<string, string>
    {
        ["GET notifications"] =
            "A removed member's notifications page still shows titles from the members-only group they were removed from " +
            "(\"Minutes published: <title>\"): removal must end access to the group's content at once, notifications included.",
    };
}
