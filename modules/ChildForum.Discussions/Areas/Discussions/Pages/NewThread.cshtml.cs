using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Areas.Discussions.Pages;

[Authorize]
public sealed class NewThreadModel(AccessRule rule, ThreadService threads, IStringLocalizer<DiscussionsResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public GroupAccess Group { get; private set; } = null!;
    public bool AskConfirmation { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        var outcome = await threads.CreateThreadAsync(Group, User, new CreateThreadRequest(Title, Body, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/groups/{Group.Slug}/threads/{outcome.Value.Thread.Id}");
        }
        ModelState.AddValidation(outcome.Validation, "", t);
        if (outcome.Status != OutcomeStatus.Invalid || outcome.Validation?.ToDictionary().ContainsKey("body") == true)
        {
            Error = outcome.Describe(t);
        }
        AskConfirmation = outcome.Extensions?.GetValueOrDefault("code") as string == "personal-data-confirmation";
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var decision = Slug.Length > 64 ? null : await rule.CheckAsync(User, Slug, GroupPermissions.Contribute, cancellationToken);
        if (decision is null || decision.Refusal == AccessRefusal.NotFound)
        {
            return NotFound();
        }
        if (!decision.Allowed)
        {
            return Forbid();
        }
        Group = decision.Group;
        return null;
    }
}
