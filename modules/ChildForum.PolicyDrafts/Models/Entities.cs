namespace ChildForum.PolicyDrafts.Models;

public static class DraftStatuses
{
    public const string Drafting = "drafting";
    public const string Consultation = "consultation";
    public const string Final = "final";
    public const string Adopted = "adopted";
    public const string Withdrawn = "withdrawn";

    public static readonly IReadOnlyList<string> All = [Drafting, Consultation, Final, Adopted, Withdrawn];

    /// <summary>Forward one step, back one step before adoption, or withdrawn from any open state.
    /// Adopted and withdrawn drafts are closed: no versions, comments, amendments or positions.</summary>
    public static bool CanMove(string from, string to) => (from, to) switch
    {
        (Drafting, Consultation) or (Consultation, Final) or (Final, Adopted) => true,
        (Consultation, Drafting) or (Final, Consultation) => true,
        (Drafting or Consultation or Final, Withdrawn) => true,
        _ => false,
    };

    public static bool IsClosed(string status) => status is Adopted or Withdrawn;
}

public static class Stances
{
    public const string Support = "support";
    public const string SupportWithChanges = "support-with-changes";
    public const string Oppose = "oppose";
    public const string Abstain = "abstain";

    public static readonly IReadOnlyList<string> All = [Support, SupportWithChanges, Oppose, Abstain];
}

public static class AmendmentStatuses
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

public sealed class PolicyDraft
{
    public const int TitleMaxLength = 200;

    public int Id { get; set; }
    public int GroupId { get; set; }
    public required string Title { get; set; }
    public required string Language { get; set; }
    public required string Status { get; set; }

    /// <summary>The newest version's number; a new version is taken with an atomic increment of this column.</summary>
    public int CurrentVersion { get; set; }

    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>An immutable version. Anchors are computed from the body (see DraftDocument), so they are not stored.</summary>
public sealed class DraftVersion
{
    public const int NoteMaxLength = 1000;

    public int Id { get; set; }
    public int DraftId { get; set; }
    public int Number { get; set; }
    public required string Body { get; set; }
    public required string Note { get; set; }
    public required string AuthorId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The amendment whose acceptance made this version, if any.</summary>
    public int? AmendmentId { get; set; }
}

/// <summary>A comment on one block of one version. It stays attached in later versions that still have
/// the anchor (the block unchanged or moved) and is outdated in versions that do not.</summary>
public sealed class DraftComment
{
    public const int BodyMaxLength = 20_000;

    public int Id { get; set; }
    public int DraftId { get; set; }
    public int Version { get; set; }
    public required string Anchor { get; set; }
    public required string Body { get; set; }
    public required string Html { get; set; }
    public int? ReplyToId { get; set; }
    public required string AuthorId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Amendment
{
    public const int TextMaxLength = 100_000;
    public const int RationaleMaxLength = 5_000;
    public const int ReasonMaxLength = 2_000;

    public int Id { get; set; }
    public int DraftId { get; set; }
    public int Version { get; set; }
    public required string Anchor { get; set; }

    /// <summary>The block's text in <see cref="Version"/>, kept so the proposal reads on its own.</summary>
    public required string OriginalText { get; set; }

    public required string ProposedText { get; set; }
    public required string Rationale { get; set; }
    public required string ProposerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string Status { get; set; }
    public string? DecidedById { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? Reason { get; set; }

    /// <summary>The version that accepting it made.</summary>
    public int? ResultVersion { get; set; }
}

/// <summary>An organisation's stance on a version. Every statement is kept; the organisation's latest one counts.</summary>
public sealed class DraftPosition
{
    public const int StatementMaxLength = 5_000;

    public int Id { get; set; }
    public int DraftId { get; set; }
    public int OrganisationId { get; set; }
    public int Version { get; set; }
    public required string Stance { get; set; }
    public required string Statement { get; set; }
    public required string UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
