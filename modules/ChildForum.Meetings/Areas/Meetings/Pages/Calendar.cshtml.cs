using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Areas.Meetings.Pages;

/// <summary>The member's personal calendar feed links: made, shown once, revoked.</summary>
[Authorize]
public sealed class CalendarModel(CalendarService calendar, AccessRule rule, IStringLocalizer<MeetingsResource> t) : PageModel
{
    public bool HasKey { get; private set; }
    public string? NewKey { get; private set; }
    public IReadOnlyList<GroupAccess> Groups { get; private set; } = [];

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        HasKey = await calendar.HasKeyAsync(User, cancellationToken);
        Groups = await rule.ReadableGroupsAsync(User, cancellationToken);
    }

    public async Task OnPostCreateAsync(CancellationToken cancellationToken)
    {
        NewKey = await calendar.CreateKeyAsync(User, cancellationToken);
        HasKey = true;
        Groups = await rule.ReadableGroupsAsync(User, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        await calendar.RevokeKeyAsync(User, cancellationToken);
        TempData["StatusMessage"] = t["Your calendar links no longer work. Calendar apps that used them stop updating."].Value;
        return RedirectToPage();
    }
}
