using ChildForum.Accounts.Localization;
using ChildForum.Accounts.Services;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts.Areas.Accounts.Pages.Admin;

public sealed class NewUserForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public int? OrganisationId { get; set; }
}

/// <summary>Administrators find people, create accounts (with an invitation link), grant the administrator role, lock and unlock.</summary>
[Authorize(Policy = ForumPolicies.Administrator)]
public sealed class UsersModel(UserAdministration administration, ForumDbContext db, IStringLocalizer<AccountsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty] public NewUserForm Form { get; set; } = new();

    public IReadOnlyList<UserRow> Users { get; private set; } = [];
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public string? InvitationUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        InvitationUrl = TempData["InvitationUrl"] as string;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var outcome = await administration.CreateAsync(Form.Email, Form.DisplayName, Form.OrganisationId, cancellationToken);
        if (!outcome.Succeeded)
        {
            ModelState.AddValidation(outcome.Validation, "Form", t);
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData["StatusMessage"] = t["The account was created. Send the person the invitation link below."].Value;
        TempData["InvitationUrl"] = Absolute(outcome.Value!);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAdministratorAsync(string userId, bool grant, CancellationToken cancellationToken) =>
        After(await administration.UpdateAsync(userId ?? "", locked: null, administrator: grant, cancellationToken),
            grant ? t["The person is now an administrator."] : t["The administrator role was removed."]);

    public async Task<IActionResult> OnPostLockAsync(string userId, bool locked, CancellationToken cancellationToken) =>
        After(await administration.UpdateAsync(userId ?? "", locked, administrator: null, cancellationToken),
            locked ? t["The account is locked; the person is signed out at once."] : t["The account is unlocked."]);

    public async Task<IActionResult> OnPostInvitationAsync(string userId)
    {
        var outcome = await administration.RenewInvitationAsync(userId ?? "");
        if (outcome.Succeeded)
        {
            TempData["InvitationUrl"] = Absolute(outcome.Value!);
            TempData["StatusMessage"] = t["A new invitation link was made; earlier links no longer work."].Value;
            return RedirectToPage();
        }
        TempData["StatusMessage"] = outcome.Status == OutcomeStatus.NotFound
            ? t["That account no longer exists."].Value
            : t["This person has already accepted their invitation."].Value;
        return RedirectToPage(new { Search });
    }

    private IActionResult After(Outcome<UserRow> outcome, string success)
    {
        TempData["StatusMessage"] = outcome.Status switch
        {
            OutcomeStatus.Ok => success,
            OutcomeStatus.NotFound => t["That account no longer exists."].Value,
            _ => t["This is the site's only administrator who can sign in: make someone else administrator first."].Value,
        };
        return RedirectToPage(new { Search });
    }

    private string Absolute(string path) => $"{Request.Scheme}://{Request.Host}{Request.PathBase}{path}";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = await administration.ListAsync(Search?.Length > 200 ? Search[..200] : Search, cancellationToken);
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
    }
}
