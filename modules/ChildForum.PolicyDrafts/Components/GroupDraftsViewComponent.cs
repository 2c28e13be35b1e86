using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.PolicyDrafts.Components;

/// <summary>The group page's "Policy drafts" section: drafts, most recently changed first, and a link to start one.</summary>
public sealed class GroupDraftsViewComponent(AccessRule rule, DraftService drafts) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group)
    {
        // The group page has decided already; asking again costs nothing and keeps a misplaced call from listing drafts.
        if (!rule.Check(UserClaimsPrincipal, group, GroupPermissions.Read).Allowed)
        {
            return Content("");
        }
        return View("/Areas/PolicyDrafts/Pages/Shared/_GroupDrafts.cshtml", new GroupDraftsModel(group, await drafts.ListAsync(group.GroupId, HttpContext.RequestAborted)));
    }
}

public sealed record GroupDraftsModel(GroupAccess Group, IReadOnlyList<DraftSummaryDto> Drafts);
