using ChildForum.Core.Http;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Localization;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.WorkingGroups.Areas.WorkingGroups.Pages.Admin;

public sealed class OrganisationForm
{
    public int? Id { get; set; }
    public string? Name { get; set; }
    public string? StakeholderType { get; set; }
}

/// <summary>Administrators list, create and edit organisations. One form creates; <c>?edit={id}</c> edits.</summary>
[Authorize(Policy = ForumPolicies.Administrator)]
public sealed class OrganisationsModel(OrganisationService organisations, IStringLocalizer<WorkingGroupsResource> t) : PageModel
{
    [BindProperty] public OrganisationForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int? Edit { get; set; }

    public IReadOnlyList<OrganisationDto> Organisations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Organisations = await organisations.ListAsync(cancellationToken);
        if (Edit is { } id)
        {
            var organisation = Organisations.FirstOrDefault(o => o.Id == id);
            if (organisation is null)
            {
                return NotFound();
            }
            Form = new OrganisationForm { Id = id, Name = organisation.Name, StakeholderType = organisation.StakeholderType.ToWire() };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new OrganisationRequest(Form.Name, Form.StakeholderType);
        var outcome = Form.Id is { } id ? await organisations.UpdateAsync(id, request, cancellationToken) : await organisations.CreateAsync(request, cancellationToken);
        switch (outcome.Status)
        {
            case OutcomeStatus.Ok or OutcomeStatus.Created:
                TempData["StatusMessage"] = (Form.Id is null ? t["Organisation '{0}' was created.", outcome.Value!.Name] : t["Organisation '{0}' was saved.", outcome.Value!.Name]).Value;
                return RedirectToPage();
            case OutcomeStatus.NotFound:
                return NotFound();
            case OutcomeStatus.Conflict:
                ModelState.AddModelError("Form.Name", t["An organisation with this name already exists."]);
                break;
            default:
                ModelState.AddValidation(outcome.Validation, "Form", t);
                break;
        }
        Edit = Form.Id;
        Organisations = await organisations.ListAsync(cancellationToken);
        return Page();
    }
}
