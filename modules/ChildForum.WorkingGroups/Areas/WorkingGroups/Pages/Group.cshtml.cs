using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Localization;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.WorkingGroups.Areas.WorkingGroups.Pages;

public sealed class AddMemberForm
{
    public string? Email { get; set; }
    public string? Role { get; set; } = "member";
    public string? DisplayName { get; set; }
    public int? OrganisationId { get; set; }
}

/// <summary>The group page: description, balance of stakeholder types, members by organisation, and for
/// facilitators the management of membership.</summary>
[AllowAnonymous]
public sealed class GroupModel(
    AccessRule access, WorkingGroupService groups, OrganisationService organisations,
    IStringLocalizer<WorkingGroupsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty] public AddMemberForm Add { get; set; } = new();

    public GroupAccess Access { get; private set; } = null!;
    /// <summary>Whether the page shows the facilitators' tools (each of their actions is checked again when posted).</summary>
    public bool ShowsFacilitatorTools { get; private set; }
    public GroupDto Group { get; private set; } = null!;
    public IReadOnlyList<MemberDto> Members { get; private set; } = [];
    public IReadOnlyList<OrganisationDto> Organisations { get; private set; } = [];
    public string? InvitationUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(GroupPermissions.Read, cancellationToken))
        {
            return NotFound();
        }
        // Only a facilitator who just invited someone has one; reading it for others would answer with a cookie, which
        // keeps the page out of the page cache.
        if (User.Identity?.IsAuthenticated == true)
        {
            InvitationUrl = TempData["InvitationUrl"] as string;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(GroupPermissions.Facilitate, cancellationToken))
        {
            return Denied();
        }
        var outcome = await groups.AddMemberAsync(Access, new AddMemberRequest(Add.Email, Add.Role, Add.DisplayName, Add.OrganisationId), cancellationToken);
        if (outcome.Status == OutcomeStatus.Invalid)
        {
            ModelState.AddValidation(outcome.Validation, "Add", t);
            return Page();
        }
        if (outcome.Status == OutcomeStatus.Conflict)
        {
            ModelState.AddModelError("Add.Email", t["This person is already a member of the group; change their role in the list instead."]);
            return Page();
        }
        var (member, invitationPath) = outcome.Value;
        TempData["StatusMessage"] = t["{0} was added to the group.", member.DisplayName].Value;
        if (invitationPath is not null)
        {
            TempData["InvitationUrl"] = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{invitationPath}";
        }
        return RedirectToPage(new { Slug });
    }

    public async Task<IActionResult> OnPostRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(GroupPermissions.Facilitate, cancellationToken))
        {
            return Denied();
        }
        var outcome = await groups.ChangeRoleAsync(Access, userId ?? "", role, cancellationToken);
        return AfterChange(outcome, t["The role was changed."]);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(GroupPermissions.Facilitate, cancellationToken))
        {
            return Denied();
        }
        var outcome = await groups.RemoveMemberAsync(Access, userId ?? "", cancellationToken);
        return AfterChange(outcome, t["The member was removed. They no longer have access to this group."]);
    }

    private IActionResult AfterChange(Outcome<bool> outcome, string success)
    {
        TempData["StatusMessage"] = outcome.Status switch
        {
            OutcomeStatus.Ok => success,
            OutcomeStatus.Conflict => t["This is the group's only facilitator: make someone else facilitator first."].Value,
            OutcomeStatus.NotFound => t["That person is not a member of this group any more."].Value,
            _ => t["Choose one of the roles in the list."].Value,
        };
        return RedirectToPage(new { Slug });
    }

    private AccessRefusal _refusal;

    private IActionResult Denied() => _refusal switch
    {
        AccessRefusal.SignInRequired => Challenge(),
        AccessRefusal.Forbidden => Forbid(),
        _ => NotFound(),
    };

    private async Task<bool> LoadAsync(GroupPermission permission, CancellationToken cancellationToken)
    {
        var decision = Slug.Length > WorkingGroup.SlugMaxLength
            ? access.Check(User, null, permission)
            : await access.CheckAsync(User, Slug, permission, cancellationToken);
        _refusal = decision.Refusal;
        if (decision.Access is null)
        {
            return false;
        }
        Access = decision.Access;
        ShowsFacilitatorTools = AccessRule.Allows(Access, GroupPermissions.Facilitate);
        (Group, Members) = await groups.GetWithMembersAsync(Access, cancellationToken);
        if (ShowsFacilitatorTools)
        {
            Organisations = await organisations.ListAsync(cancellationToken);
        }
        return decision.Allowed;
    }
}
