using System.Security.Claims;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Identity;

/// <summary>Bearer tokens live for an hour and, unlike the sign-in cookie, are not re-checked by Identity.
/// This compares a token's security stamp with the account's current one (cached for 30 seconds, or until
/// <see cref="Forget"/>), so that locking an account, or changing its password or roles, ends its tokens too.</summary>
public sealed class BearerSessions(IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly string StampClaimType = new IdentityOptions().ClaimsIdentity.SecurityStampClaimType;

    /// <summary>Call after changing an account's stamp or lock so that its tokens stop at once.</summary>
    public void Forget(string userId) => cache.Remove(Key(userId));

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, string userId, IServiceProvider services)
    {
        if (!cache.TryGetValue(Key(userId), out string? current))
        {
            var users = services.GetRequiredService<UserManager<ForumUser>>();
            var account = await users.FindByIdAsync(userId);
            current = account is null || await users.IsLockedOutAsync(account) ? "" : account.SecurityStamp ?? "";
            cache.Set(Key(userId), current, CacheFor);
        }
        return current!.Length > 0 && current == principal.FindFirstValue(StampClaimType);
    }

    private static string Key(string userId) => "bearer-stamp:" + userId;
}

public sealed class BearerSessionValidation(RequestDelegate next, BearerSessions sessions)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.GetUserId() is { } userId && ForumAuthentication.HasBearerToken(context.Request) &&
            !await sessions.IsCurrentAsync(context.User, userId, context.RequestServices))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Session ended",
                detail: "This account was locked, or its password or roles changed: sign in again.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
