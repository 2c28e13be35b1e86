using ChildForum.PolicyDrafts.Documents;

namespace ChildForum.PolicyDrafts.Models;

public sealed record PersonDto(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record OrganisationDto(int Id, string Name, string StakeholderType);

public sealed record BlockDto(string Anchor, string Text);

/// <summary>The contract's <c>{id, title, status, version}</c> plus the group, language and times.</summary>
public sealed record DraftSummaryDto(int Id, int GroupId, string Title, string Status, int Version, string Language, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A draft with its current version (or the one asked for with <c>?version=</c>).</summary>
public sealed record DraftDto(
    int Id, int GroupId, string Title, string Status, int Version, int CurrentVersion, string Language, string Body, string Html,
    IReadOnlyList<BlockDto> Blocks, string Note, PersonDto Author, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record VersionSummaryDto(int Version, string Note, PersonDto Author, DateTimeOffset CreatedAt, int? AmendmentId);

public sealed record VersionDto(int DraftId, int Version, string Note, PersonDto Author, DateTimeOffset CreatedAt, int? AmendmentId, string Body, string Html, IReadOnlyList<BlockDto> Blocks);

public sealed record VersionCreatedDto(int Version, int DraftId, string Note, DateTimeOffset CreatedAt);

public sealed record DiffDto(int From, int To, IReadOnlyList<DiffChange> Changes, string Html);

/// <summary>A paragraph comment. <c>outdated</c> is relative to the version asked for: its paragraph is not
/// in that version (changed or removed). <c>excerpt</c> is the paragraph's text when the comment was made.</summary>
public sealed record CommentDto(int Id, int Version, string Anchor, string Body, string Html, PersonDto Author, bool Outdated, int? ReplyToId, DateTimeOffset CreatedAt, string Excerpt);

/// <summary><c>current</c>: the paragraph is still in the newest version unchanged (only then can it be accepted).
/// <c>conflictsWith</c>: other open amendments to the same paragraph.</summary>
public sealed record AmendmentDto(
    int Id, int DraftId, int Version, string Anchor, string OriginalText, string ProposedText, string Rationale, PersonDto Proposer,
    DateTimeOffset CreatedAt, string Status, string? Reason, PersonDto? DecidedBy, DateTimeOffset? DecidedAt, int? ResultVersion,
    bool Current, IReadOnlyList<int> ConflictsWith, IReadOnlyList<WordChange> Changes);

public sealed record PositionDto(OrganisationDto Organisation, string Stance, string Statement, int Version, PersonDto StatedBy, DateTimeOffset StatedAt);

/// <summary>Counts of the organisations' latest positions: per stakeholder type, per stance.</summary>
public sealed record PositionSummaryDto(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByStakeholderType, IReadOnlyDictionary<string, int> Totals, int Organisations);

// confirmPersonalData: the author confirms that a phone number or e-mail address in the texts is not a child's and is
// right to share (PersonalDataGuard); it is never enough for a resident ID number.
public sealed record CreateDraftRequest(string? Title, string? Body, string? Language, bool? ConfirmPersonalData = null);
public sealed record NewVersionRequest(string? Body, string? Note, int? BaseVersion, bool? ConfirmPersonalData = null);
public sealed record CommentRequest(int? Version, string? Anchor, string? Body, int? ReplyToId, bool? ConfirmPersonalData = null);
public sealed record AmendmentRequest(int? Version, string? Anchor, string? ProposedText, string? Rationale, bool? ConfirmPersonalData = null);
public sealed record RejectRequest(string? Reason, bool? ConfirmPersonalData = null);
public sealed record PositionRequest(string? Stance, string? Statement, int? Version, bool? ConfirmPersonalData = null);
public sealed record StatusRequest(string? Status);
