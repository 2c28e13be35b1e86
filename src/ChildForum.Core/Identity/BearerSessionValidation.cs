using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Identity;

/// <summary>Bearer tokens live for an hour and, unlike the sign-in cookie, are not re-checked by Identity.
/// This middleware compares the token's security stamp with the account's (cached for 30 seconds), so that
/// locking an account, changing its password or its administrator role ends its tokens too.</summary>
public sealed class BearerSessionValidation(RequestDelegate next, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.GetUserId() is { } userId && IsBearerRequest(context.Request))
        {
            var stamp = user.FindFirst(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType)?.Value ?? "";
            var key = $"bearer-stamp:{userId}:{stamp}";
            if (!cache.TryGetValue(key, out bool valid))
            {
                var signInManager = context.RequestServices.GetRequiredService<SignInManager<ForumUser>>();
                valid = await signInManager.ValidateSecurityStampAsync(user) is { } account && !await signInManager.UserManager.IsLockedOutAsync(account);
                cache.Set(key, valid, CacheFor);
            }
            if (!valid)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Session ended",
                    detail: "This account was locked or its password or roles changed: sign in again.").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    private static bool IsBearerRequest(HttpRequest request) =>
        request.Headers.Authorization.Any(h => h?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));
}
