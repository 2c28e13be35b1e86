using ChildForum.Accounts.Localization;
using ChildForum.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Areas.Accounts.Pages;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<ForumUser> signInManager, IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), t["Enter your e-mail address."]);
        }
        else if (Email.Length > 256)
        {
            ModelState.AddModelError(nameof(Email), t["This may be at most {0} characters long; it has {1}.", 256, Email.Length]);
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), t["Enter your password."]);
        }
        else if (Password.Length > 512)
        {
            ModelState.AddModelError(nameof(Password), t["This may be at most {0} characters long; it has {1}.", 512, Password.Length]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signInManager.PasswordSignInAsync(Email!.Trim(), Password!, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        Error = result.IsLockedOut
            ? t["Too many failed attempts: this account is locked for 15 minutes. Try again later, or ask an administrator."]
            : t["The e-mail address or password is not right."];
        Password = null;
        return Page();
    }
}
