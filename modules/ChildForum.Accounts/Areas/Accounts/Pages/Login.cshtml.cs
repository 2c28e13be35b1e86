using ChildForum.Accounts.Localization;
using ChildForum.Accounts.SignIn;
using ChildForum.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Areas.Accounts.Pages;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<ForumUser> signInManager, PasswordCheck passwords, SignInThrottle throttle, IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
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

        var email = Email!.Trim();
        var password = Password!;
        if (await throttle.BlockedForAsync(HttpContext, email, cancellationToken) is { } wait)
        {
            SignInThrottle.MarkTooMany(Response, wait);
            Error = t["Too many failed attempts. Wait {0} minutes and try again.", SignInThrottle.Minutes(wait)];
            Password = null;
            return Page();
        }
        // The same sentence for a wrong password, an unknown address and a locked account: none of them tells whether the address has an account.
        if (await passwords.CheckAsync(email, password) is not { } user)
        {
            await throttle.FailedAsync(HttpContext, email, cancellationToken);
            Error = t["The e-mail address or password is not right."];
            Password = null;
            return Page();
        }
        await signInManager.SignInAsync(user, RememberMe);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
