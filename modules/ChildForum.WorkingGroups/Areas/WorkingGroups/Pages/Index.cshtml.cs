using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildForum.WorkingGroups.Areas.WorkingGroups.Pages;

[AllowAnonymous]
public sealed class IndexModel(AccessRule access, WorkingGroupService groups) : PageModel
{
    public IReadOnlyList<GroupDto> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Groups = await groups.ToDtosAsync(await access.ReadableGroupsAsync(User, cancellationToken), cancellationToken);
    }
}
