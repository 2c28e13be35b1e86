using System.Diagnostics.CodeAnalysis;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Models;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>A draft together with the caller's access to its group.</summary>
public sealed record DraftAccess(PolicyDraft Draft, GroupAccess Group);

/// <summary>The access rule's answer about one draft: <see cref="Access"/> is set when it allowed; otherwise
/// <see cref="Decision"/> holds the refusal (an unreadable draft reads exactly like a missing one).</summary>
public sealed record DraftDecision(AccessDecision Decision, DraftAccess? Access)
{
    [MemberNotNullWhen(true, nameof(Access))]
    public bool Allowed => Access is not null;
}

/// <summary>The same for an amendment that a facilitator decides on.</summary>
public sealed record AmendmentDecision(AccessDecision Decision, DraftAccess? Access, Amendment? Amendment)
{
    [MemberNotNullWhen(true, nameof(Access), nameof(Amendment))]
    public bool Allowed => Access is not null && Amendment is not null;
}
