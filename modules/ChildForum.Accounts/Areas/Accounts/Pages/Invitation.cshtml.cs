using ChildForum.Accounts.Localization;
using ChildForum.Accounts.Services;
using ChildForum.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Areas.Accounts.Pages;

/// <summary>Where an invited person sets their password. The link carries a one-use token.</summary>
[AllowAnonymous]
public sealed class InvitationModel(UserManager<ForumUser> users, SignInManager<ForumUser> signInManager, IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public ForumUser? Invitee { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Invitee = await FindInviteeAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Invitee = await FindInviteeAsync();
        if (Invitee is null)
        {
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
            ModelState.AddModelError(nameof(NewPassword), result.Errors.Any(e => e.Code == "InvalidToken")
                ? t["This invitation link has expired or was already used. Ask the person who invited you for a new one."]
                : string.Join(" ", result.Errors.Select(e => t[e.Description].Value)));
            return Page();
        }
        Invitee.InvitationPending = false;
        Invitee.EmailConfirmed = true;
        await users.UpdateAsync(Invitee);
        await signInManager.SignInAsync(Invitee, isPersistent: false);
        TempData["StatusMessage"] = t["Welcome to ChildForum. Your password is set."].Value;
        return LocalRedirect("/");
    }

    private async Task<ForumUser?> FindInviteeAsync()
    {
        if (string.IsNullOrEmpty(UserId) || UserId.Length > 64 || string.IsNullOrEmpty(Token))
        {
            return null;
        }
        var user = await users.FindByIdAsync(UserId);
        return user is { InvitationPending: true } ? user : null;
    }
}
