using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildForum.Discussions.Areas.Discussions.Pages;

/// <summary>Facilitators' queue: messages flagged by members or by the safeguarding check.</summary>
[Authorize]
public sealed class ModerationModel(AccessRule rule, ModerationService moderation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    public GroupAccess Group { get; private set; } = null!;
    public IReadOnlyList<FlagDto> Flags { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        Flags = await moderation.OpenFlagsAsync(Group.GroupId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostHideAsync(long messageId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        await moderation.SetHiddenAsync(messageId, true, User, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDismissAsync(long flagId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }
        await moderation.DismissFlagAsync(flagId, User, cancellationToken);
        return RedirectToPage();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var decision = Slug.Length > 64 ? null : await rule.CheckAsync(User, Slug, GroupPermissions.Facilitate, cancellationToken);
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
