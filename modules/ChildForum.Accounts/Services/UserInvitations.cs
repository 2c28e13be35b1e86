using ChildForum.Core.Localization;
using ChildForum.Accounts.Mail;
using ChildForum.Core.Audit;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using System.Text;

namespace ChildForum.Accounts.Services;

/// <summary>Invitation links carry a password-reset token of the invited account. Identity's tokens hold the account's
/// security stamp: a new stamp before each new link makes every earlier link invalid, and setting the password (a new
/// stamp again) makes the used link invalid. So only the newest link works, and only once.</summary>
/// <remarks>Each new link is also mailed to the person, in the caller's unit of work (its next SaveChanges).</remarks>
public sealed class UserInvitations(UserManager<ForumUser> users, IAuditLog audit, IMailOutbox mail, TimeProvider clock) : IUserInvitations
{
    private readonly UserManager<ForumUser> _users = users;
    private readonly IAuditLog _audit = audit;
    private readonly TimeProvider _clock = clock;

    public async Task<InvitationResult> InviteAsync(string email, string displayName, int organisationId, CancellationToken cancellationToken = default)
    {
        var user = new ForumUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            OrganisationId = organisationId,
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
            InvitationPending = true,
        };
        var result = await _users.CreateAsync(user);
        if (!result.Succeeded)
        {
            return new InvitationResult(null, null, new Dictionary<string, string[]> { ["email"] = result.Errors.Select(e => e.Description).ToArray() });
        }
        _audit.Record(AuditActions.UserInvited, Notice.T["Created an account for {0} with an invitation link", email], targetType: "user", targetId: user.Id);
        return new InvitationResult(user, await RenewInvitationAsync(user), new Dictionary<string, string[]>());
    }

    public async Task<string> RenewInvitationAsync(ForumUser user)
    {
        await _users.UpdateSecurityStampAsync(user);
        var token = await _users.GeneratePasswordResetTokenAsync(user);
        var encoded = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var path = $"/account/invitation?user={Uri.EscapeDataString(user.Id)}&token={encoded}";
        mail.Enqueue(InvitationMailComposer.Request(user.Id, path));
        return path;
    }

    /// <summary>The invited person, only when the link's token is the newest and unused one.</summary>
    public async Task<ForumUser?> FindByLinkAsync(string? userId, string? encodedToken)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 64 || DecodeToken(encodedToken) is not { } token)
        {
            return null;
        }
        var user = await _users.FindByIdAsync(userId);
        if (user is not { InvitationPending: true } ||
            !await _users.VerifyUserTokenAsync(user, _users.Options.Tokens.PasswordResetTokenProvider, UserManager<ForumUser>.ResetPasswordTokenPurpose, token))
        {
            return null;
        }
        return user;
    }

    public static string? DecodeToken(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded) || encoded.Length > 2048)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
