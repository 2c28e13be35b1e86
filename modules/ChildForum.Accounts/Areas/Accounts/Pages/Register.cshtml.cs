using ChildForum.Accounts.Localization;
using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Accounts.Areas.Accounts.Pages;

/// <summary>Self-registration, only when <c>ChildForum:AllowSelfRegistration</c> is true (off by default: 404).
/// A new account belongs to an existing organisation and to no group until a facilitator adds it.</summary>
[AllowAnonymous]
public sealed class RegisterModel(
    IOptions<ChildForumOptions> options, UserManager<ForumUser> users, SignInManager<ForumUser> signInManager,
    ForumDbContext db, TimeProvider clock, IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public int? OrganisationId { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AllowSelfRegistration)
        {
            return NotFound();
        }
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AllowSelfRegistration)
        {
            return NotFound();
        }
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
        var email = Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            ModelState.AddModelError(nameof(Email), t["Enter an e-mail address such as name@example.org."]);
        }
        var name = DisplayName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ForumUser.DisplayNameMaxLength)
        {
            ModelState.AddModelError(nameof(DisplayName), t["Enter your name (at most {0} characters).", ForumUser.DisplayNameMaxLength]);
        }
        else
        {
            var personalData = new ChildForum.Core.Http.Validation();
            if (NameGuard.Check(personalData, nameof(DisplayName), name) is null)
            {
                ModelState.AddModelError(nameof(DisplayName), string.Join(" ", personalData.ToDictionary(t).Values.SelectMany(v => v)));
            }
        }
        if (OrganisationId is null || Organisations.All(o => o.Id != OrganisationId))
        {
            ModelState.AddModelError(nameof(OrganisationId), t["Choose the person's organisation."]);
        }
        PasswordRules.Check(ModelState, nameof(NewPassword), NewPassword, ConfirmPassword, nameof(ConfirmPassword), t);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = new ForumUser { UserName = email, Email = email, DisplayName = name!, OrganisationId = OrganisationId!.Value, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, NewPassword!);
        if (!result.Succeeded)
        {
            var duplicate = result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName");
            ModelState.AddModelError(duplicate ? nameof(Email) : nameof(NewPassword),
                duplicate ? t["Someone already has an account with this e-mail address."] : string.Join(" ", result.Errors.Select(e => t[e.Description].Value)));
            return Page();
        }
        await signInManager.SignInAsync(user, isPersistent: false);
        TempData["StatusMessage"] = t["Welcome to ChildForum. A facilitator can now add you to a working group."].Value;
        return LocalRedirect("/");
    }
}
