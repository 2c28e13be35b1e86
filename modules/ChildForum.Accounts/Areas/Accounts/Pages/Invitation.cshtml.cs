using ChildForum.Accounts.Localization;
using ChildForum.Accounts.Services;
using ChildForum.Accounts.SignIn;
using ChildForum.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Areas.Accounts.Pages;

/// <summary>Where an invited person sets their password. Only the newest link works, once; nothing about the person is
/// shown before its token is verified.</summary>
[AllowAnonymous]
public sealed class InvitationModel(
    UserManager<ForumUser> users, UserInvitations invitations, SignInManager<ForumUser> signInManager, SignInThrottle throttle,
    SessionRevocation revocation, IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public ForumUser? Invitee { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync() => Invitee = await invitations.FindByLinkAsync(UserId, Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var account = UserId is { Length: <= 64 } ? UserId : null;
        if (await throttle.BlockedForAsync(HttpContext, account, cancellationToken) is { } wait)
        {
            SignInThrottle.MarkTooMany(Response, wait);
            Error = t["Too many failed attempts. Wait {0} minutes and try again.", SignInThrottle.Minutes(wait)];
            return Page();
        }
        Invitee = await invitations.FindByLinkAsync(UserId, Token);
        if (Invitee is null)
        {
            await throttle.FailedAsync(HttpContext, account, cancellationToken);
            return Page();
        }
        PasswordRules.Check(ModelState, nameof(NewPassword), NewPassword, ConfirmPassword, nameof(ConfirmPassword), t);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await users.ResetPasswordAsync(Invitee, UserInvitations.DecodeToken(Token) ?? "", NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                Invitee = null;
                return Page();
            }
            ModelState.AddModelError(nameof(NewPassword), string.Join(" ", result.Errors.Select(e => t[e.Description].Value)));
            return Page();
        }
        Invitee.InvitationPending = false;
        Invitee.EmailConfirmed = true;
        await users.UpdateAsync(Invitee);
        await revocation.EndSessionsAsync(Invitee.Id, cancellationToken);
        await signInManager.SignInAsync(Invitee, isPersistent: false);
        TempData["StatusMessage"] = t["Welcome to ChildForum. Your password is set."].Value;
        return LocalRedirect("/");
    }
}
