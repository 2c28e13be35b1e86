using System.Security.Claims;

namespace ChildForum.Core.Security;

public static class ClaimsPrincipalExtensions
{
    public static string? GetUserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static bool IsAdministrator(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.IsInRole(ForumRoles.Administrator);
}
