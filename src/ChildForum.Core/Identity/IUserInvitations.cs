namespace ChildForum.Core.Identity;

public sealed record InvitationResult(ForumUser? User, string? InvitationPath, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => User is not null && Errors.Count == 0;
}

/// <summary>Creates accounts for people a facilitator or administrator adds, without sending mail:
/// the caller shows the returned link (<c>/account/invitation?…</c>) to whoever invites them.
/// Implemented by the identity module.</summary>
public interface IUserInvitations
{
    Task<InvitationResult> InviteAsync(string email, string displayName, int organisationId, CancellationToken cancellationToken = default);

    /// <summary>A fresh link for someone whose invitation is still pending (old links stop working).</summary>
    Task<string> RenewInvitationAsync(ForumUser user);
}
