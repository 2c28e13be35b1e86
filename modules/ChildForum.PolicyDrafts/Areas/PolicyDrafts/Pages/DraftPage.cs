using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
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

    /// <summary>Whether the caller may do this in the draft's group, for what the page shows (forms, links). Handlers
    /// that change something ask <see cref="Require"/>.</summary>
    public bool Permits(GroupPermission permission) => AccessRule.Allows(Access.Group, permission);

    /// <summary>Loads the draft when it belongs to the group in the URL and the access rule lets the caller read it.</summary>
    protected async Task<bool> LoadDraftAsync(CancellationToken cancellationToken)
    {
        var decision = await drafts.CheckAsync(Id, User, GroupPermissions.Read, cancellationToken);
        if (!decision.Allowed || !string.Equals(decision.Access.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Access = decision.Access;
        return true;
    }

    /// <summary>For handlers that need more than reading: the access rule's refusal as a page answer (sign in, 403, 404).</summary>
    protected IActionResult? Require(GroupPermission permission) => Refusal(drafts.Check(User, Access, permission));

    protected IActionResult? Refusal(AccessDecision decision) => decision.Refusal switch
    {
        AccessRefusal.None => null,
        AccessRefusal.SignInRequired => Challenge(),
        AccessRefusal.Forbidden => Forbid(),
        _ => NotFound(),
    };

    /// <summary>A refusal of the children's-data guard that the author can answer by confirming (409 personal-data-confirmation).</summary>
    protected static bool AsksForConfirmation<T>(Outcome<T> outcome) =>
        outcome.Extensions?.TryGetValue("code", out var code) == true && Equals(code, PersonalDataGuard.ConfirmationCode);

    /// <summary>Each field's errors of a failed outcome (localised), for pages that show them next to their fields.</summary>
    protected IReadOnlyDictionary<string, string> FieldErrors<T>(Outcome<T> outcome) =>
        (outcome.Validation?.ToDictionary(t) ?? new Dictionary<string, string[]>()).ToDictionary(e => e.Key, e => string.Join(" ", e.Value), StringComparer.OrdinalIgnoreCase);

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
