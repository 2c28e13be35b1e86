using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Infrastructure;

// The policy drafts JSON as a client sees it (shared/API.md "Policy drafts" and the endpoints' descriptions), read into
// the tests' own records rather than the module's DTOs, so that a change of the wire format fails a test.

public sealed record PersonJson(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record DraftSummaryJson(int Id, int GroupId, string Title, string Status, int Version, string Language);

public sealed record BlockJson(string Anchor, string Text);

public sealed record DraftJson(
    int Id, int GroupId, string Title, string Status, int Version, int CurrentVersion, string Language, string Body, string Html,
    List<BlockJson> Blocks, string Note, PersonJson Author);

public sealed record VersionCreatedJson(int Version, int DraftId, string Note);

public sealed record VersionSummaryJson(int Version, string Note, PersonJson Author, DateTimeOffset CreatedAt, int? AmendmentId);

public sealed record VersionJson(int DraftId, int Version, string Note, PersonJson Author, int? AmendmentId, string Body, string Html, List<BlockJson> Blocks);

public sealed record WordJson(string Op, string Text);

public sealed record ChangeJson(string Op, string Anchor, string? Before, string? After, string? PreviousAnchor, bool Moved, List<WordJson>? Words);

public sealed record DiffJson(int From, int To, List<ChangeJson> Changes, string Html);

public sealed record CommentJson(int Id, int Version, string Anchor, string Body, string Html, PersonJson Author, bool Outdated, int? ReplyToId, string Excerpt);

public sealed record AmendmentJson(
    int Id, int DraftId, int Version, string Anchor, string OriginalText, string ProposedText, string Rationale, PersonJson Proposer,
    string Status, string? Reason, PersonJson? DecidedBy, int? ResultVersion, bool Current, List<int> ConflictsWith, List<WordJson> Changes);

public sealed record PositionJson(OrganisationJson Organisation, string Stance, string Statement, int Version, PersonJson StatedBy);

public sealed record PositionSummaryJson(Dictionary<string, Dictionary<string, int>> ByStakeholderType, Dictionary<string, int> Totals, int Organisations);
