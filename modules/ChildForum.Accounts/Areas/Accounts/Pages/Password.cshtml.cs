using ChildForum.Accounts.Localization;
using ChildForum.Accounts.SignIn;
using ChildForum.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Areas.Accounts.Pages;

[Authorize]
public sealed class PasswordModel(
    UserManager<ForumUser> users, SignInManager<ForumUser> signInManager, SignInThrottle throttle, SessionRevocation revocation,
    IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), t["Enter your current password."]);
        }
        PasswordRules.Check(ModelState, nameof(NewPassword), NewPassword, ConfirmPassword, nameof(ConfirmPassword), t);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        // A borrowed session could otherwise guess the password here without limit.
        if (await throttle.BlockedForAsync(HttpContext, user.Id, cancellationToken) is { } wait)
        {
            SignInThrottle.MarkTooMany(Response, wait);
            ModelState.AddModelError(nameof(CurrentPassword), t["Too many failed attempts. Wait {0} minutes and try again.", SignInThrottle.Minutes(wait)]);
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "PasswordMismatch"))
            {
                await throttle.FailedAsync(HttpContext, user.Id, cancellationToken);
            }
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(NewPassword),
                    error.Code == "PasswordMismatch" ? t["The current password is not right."] : t[error.Description]);
            }
            return Page();
        }
        // The new stamp (set by ChangePasswordAsync) ends every other session on every node; this one is signed in again with it.
        await revocation.EndSessionsAsync(user.Id, cancellationToken);
        await signInManager.RefreshSignInAsync(user);
        TempData["StatusMessage"] = t["Your password has been changed."].Value;
        return RedirectToPage();
    }
}

internal static class PasswordRules
{
    public const int MinimumLength = 10;

    public static void Check(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string field, string? password, string? confirmation, string confirmationField, IStringLocalizer t)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            modelState.AddModelError(field, t["Choose a password of at least {0} characters.", MinimumLength]);
        }
        else if (password.Length > 512)
        {
            modelState.AddModelError(field, t["This may be at most {0} characters long; it has {1}.", 512, password.Length]);
        }
        else if (password != confirmation)
        {
            modelState.AddModelError(confirmationField, t["The two passwords are not the same."]);
        }
    }
}
