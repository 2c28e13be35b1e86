namespace ChildForum.Security.Tests.Matrix;

/// <summary>Rows where today's product answers differently from the contract: real findings, kept with the CORRECT
/// expectation so that the matrix reports them as failing, with the reason here. A finding that no longer reproduces also
/// fails its row (remove it from this list then), so the list never outlives the bugs it names.</summary>
public static class KnownFindings
{
    public static IReadOnlyDictionary<string, string> ByRow { get; } = new Dictionary<string, string>
    {
        ["GET api/v1/meetings/{id:int}/minutes/versions/{number:int} (named version under Chatham House)"] =
            "Chatham House history leaks (issue 10, finding 1): minutes published named (v1) and then under Chatham House (v2) " +
            "still answer v1 to every reader, with the speaker's name and organisation.",
        ["GET api/v1/meetings/{id:int} (Chatham House)"] =
            "Saving a named draft of minutes after a Chatham House version was published switches the meeting to named for " +
            "readers before anything is published (issue 10, finding 1): attendance lists the speaker by name and organisation.",
        ["GET groups/{slug}/meetings/{id:int} (Chatham House)"] =
            "The meeting page shows the same: after a named draft is saved, the attendance table names the Chatham House " +
            "speaker's organisation to readers (issue 10, finding 1).",
        ["GET notifications"] =
            "A removed member's notifications page still shows titles from the members-only group they were removed from " +
            "(\"Minutes published: <title>\"): removal must end access to the group's content at once, notifications included.",
    };
}
