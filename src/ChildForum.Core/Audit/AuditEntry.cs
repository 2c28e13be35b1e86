namespace ChildForum.Core.Audit;

/// <summary>One line of the audit log: who did what to what, and when. Never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Action { get; set; }
    public int? GroupId { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    /// <summary>What happened, in English as it was written (see <see cref="Template"/>).</summary>
    public required string Summary { get; set; }
    /// <summary>The English template <see cref="Summary"/> was made from, also its key in the module's translations: the
    /// audit page shows it in the reader's language with <see cref="Arguments"/>. Null for entries written before.</summary>
    public string? Template { get; set; }
    /// <summary>The template's arguments (<see cref="Localization.NoticeText.ArgumentsJson"/>).</summary>
    public string? Arguments { get; set; }
}

/// <summary>Action names. Modules add their own (moderation, publishing) in the same dotted form.</summary>
public static class AuditActions
{
    public const string GroupCreated = "group.created";
    public const string GroupUpdated = "group.updated";
    public const string GroupVisibilityChanged = "group.visibility-changed";
    public const string MemberAdded = "membership.added";
    public const string MemberRemoved = "membership.removed";
    public const string MemberRoleChanged = "membership.role-changed";
    public const string OrganisationCreated = "organisation.created";
    public const string OrganisationUpdated = "organisation.updated";
    public const string UserCreated = "user.created";
    public const string UserInvited = "user.invited";
    public const string UserRoleChanged = "user.role-changed";
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
}
