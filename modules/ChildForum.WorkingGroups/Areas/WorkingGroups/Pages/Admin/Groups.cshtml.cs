using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Localization;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.WorkingGroups.Areas.WorkingGroups.Pages.Admin;

public sealed class GroupForm
{
    public int? Id { get; set; }
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Visibility { get; set; } = "members";
    public bool ConfirmPersonalData { get; set; }
}

/// <summary>Administrators list, create and edit groups (name, description, visibility). <c>?edit={slug}</c> edits.</summary>
[Authorize(Policy = ForumPolicies.Administrator)]
public sealed class GroupsModel(AccessRule access, WorkingGroupService groups, IStringLocalizer<WorkingGroupsResource> t) : PageModel
{
    [BindProperty] public GroupForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Edit { get; set; }

    public IReadOnlyList<GroupDto> Groups { get; private set; } = [];

    /// <summary>The description holds a phone number or e-mail address: the form offers the confirmation.</summary>
    public bool AskToConfirmPersonalData { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Edit is not null)
        {
            var group = Groups.FirstOrDefault(g => g.Slug == Edit);
            if (group is null)
            {
                return NotFound();
            }
            Form = new GroupForm { Id = group.Id, Slug = group.Slug, Name = group.Name, Description = group.Description, Visibility = group.Visibility.ToWire() };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Validation? validation = null;
        if (Form.Id is { } id)
        {
            var decision = await access.CheckAsync(User, id, GroupPermissions.Administer, cancellationToken);
            if (!decision.Allowed)
            {
                return NotFound();
            }
            var outcome = await groups.UpdateGroupAsync(decision.Group, new UpdateGroupRequest(Form.Name ?? "", Form.Description ?? "", Form.Visibility, Form.ConfirmPersonalData), cancellationToken);
            if (outcome.Succeeded)
            {
                TempData["StatusMessage"] = t["Group '{0}' was saved.", Form.Name!].Value;
                return RedirectToPage();
            }
            AskForConfirmation(outcome);
            validation = outcome.Validation;
        }
        else
        {
            var outcome = await groups.CreateGroupAsync(new CreateGroupRequest(Form.Slug, Form.Name, Form.Description, Form.Visibility, Form.ConfirmPersonalData), cancellationToken);
            if (outcome.Succeeded)
            {
                TempData["StatusMessage"] = t["Group '{0}' was created. Add its first facilitator on the group page.", outcome.Value!.Name].Value;
                return Redirect($"/groups/{outcome.Value.Slug}");
            }
            if (!AskForConfirmation(outcome) && outcome.Status == OutcomeStatus.Conflict)
            {
                ModelState.AddModelError("Form.Slug", t["Another group already uses this address; choose another."]);
            }
            validation = outcome.Validation;
        }
        ModelState.AddValidation(validation, "Form", t);
        Edit = Form.Id is null ? null : Form.Slug;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The children's-data guard's 409: its sentence goes next to the description, with the confirmation box.</summary>
    private bool AskForConfirmation<T>(Outcome<T> outcome)
    {
        if (outcome.Status != OutcomeStatus.Conflict || outcome.Extensions?.GetValueOrDefault("code") as string != PersonalDataGuard.ConfirmationCode)
        {
            return false;
        }
        ModelState.AddModelError("Form.Description", outcome.Message!);
        AskToConfirmPersonalData = true;
        return true;
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Groups = await groups.ToDtosAsync(await access.ReadableGroupsAsync(User, cancellationToken), cancellationToken);
}
