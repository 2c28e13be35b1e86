using ChildForum.Core.Http;
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
}

/// <summary>Administrators list, create and edit groups (name, description, visibility). <c>?edit={slug}</c> edits.</summary>
[Authorize(Policy = ForumPolicies.Administrator)]
public sealed class GroupsModel(IGroupAccessResolver resolver, WorkingGroupService groups, IStringLocalizer<WorkingGroupsResource> t) : PageModel
{
    [BindProperty] public GroupForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Edit { get; set; }

    public IReadOnlyList<GroupDto> Groups { get; private set; } = [];

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
            var access = await resolver.GetAsync(id, User, cancellationToken);
            if (access is null)
            {
                return NotFound();
            }
            var outcome = await groups.UpdateGroupAsync(access, new UpdateGroupRequest(Form.Name ?? "", Form.Description ?? "", Form.Visibility), cancellationToken);
            if (outcome.Succeeded)
            {
                TempData["StatusMessage"] = t["Group '{0}' was saved.", Form.Name!].Value;
                return RedirectToPage();
            }
            validation = outcome.Validation;
        }
        else
        {
            var outcome = await groups.CreateGroupAsync(new CreateGroupRequest(Form.Slug, Form.Name, Form.Description, Form.Visibility), cancellationToken);
            if (outcome.Succeeded)
            {
                TempData["StatusMessage"] = t["Group '{0}' was created. Add its first facilitator on the group page.", outcome.Value!.Name].Value;
                return Redirect($"/groups/{outcome.Value.Slug}");
            }
            if (outcome.Status == OutcomeStatus.Conflict)
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

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Groups = await groups.ToDtosAsync(await resolver.GetReadableAsync(User, cancellationToken), cancellationToken);
}
