using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Areas.PolicyDrafts.Pages;

/// <summary>What every draft page shares: the route's group slug and draft id, the caller's access, and
/// turning a service's outcome into a redirect with a status message or a page with the error.</summary>
public abstract class DraftPage(DraftService drafts, IStringLocalizer t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public DraftAccess Access { get; private set; } = null!;

    protected DraftService Drafts => drafts;

    protected IStringLocalizer T => t;

    public string DraftUrl => $"/groups/{Access.Group.Slug}/drafts/{Access.Draft.Id}";

    /// <summary>Loads the draft when it belongs to the group in the URL and the caller may read it.</summary>
    protected async Task<bool> LoadAccessAsync(CancellationToken cancellationToken)
    {
        var access = await drafts.AccessAsync(Id, User, GroupPermissions.Read, cancellationToken);
        if (!access.Succeeded || !string.Equals(access.Value!.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Access = access.Value;
        return true;
    }

    /// <summary>For handlers that need more than reading: 401 for anonymous callers, 403 for readers without the permission.</summary>
    protected IActionResult? Require(GroupPermission permission)
    {
        if (Access.Group.Allows(permission))
        {
            return null;
        }
        return User.GetUserId() is null ? Challenge() : Forbid();
    }

    protected IActionResult RedirectWith(string? message, string url)
    {
        if (message is not null)
        {
            TempData["StatusMessage"] = message;
        }
        return Redirect(url);
    }

    protected void SetErrorStatus<T>(Outcome<T> outcome) => Response.StatusCode = outcome.Status switch
    {
        OutcomeStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
        OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
        OutcomeStatus.Unauthorized => StatusCodes.Status401Unauthorized,
        OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
        OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };
}
