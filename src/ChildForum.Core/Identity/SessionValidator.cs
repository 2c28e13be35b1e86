using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Identity;

/// <summary>The one check of a session, for sign-in cookies and bearer tokens alike: the session's security stamp must be
/// the account's current one, and the account must exist and not be locked. Each node caches an account's stamp for one
/// second; <see cref="SessionRevocation"/> drops it on every node at once (<see cref="Forget"/>), and the short cache
/// bounds how long a lost event can keep a session alive.</summary>
public sealed class SessionValidator(IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly string StampClaimType = new IdentityOptions().ClaimsIdentity.SecurityStampClaimType;

    // Bumped by every Forget: a stamp read from the database before a Forget is not cached after it.
    private long _generation;

    /// <summary>Call (through <see cref="SessionRevocation"/>) after an account's stamp or lock changed.</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        cache.Remove(Key(userId));
    }

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(StampClaimType);
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(stamp))
        {
            return false;
        }
        return await CurrentStampAsync(userId, services, fresh: false, cancellationToken) == stamp;
    }

    /// <summary>The stamp a session of the account must carry; empty when the account is locked or gone.
    /// <paramref name="fresh"/> reads the database whatever the cache holds (for refresh tokens).</summary>
    public async Task<string> CurrentStampAsync(string userId, IServiceProvider services, bool fresh, CancellationToken cancellationToken = default)
    {
        if (!fresh && cache.TryGetValue(Key(userId), out string? cached) && cached is not null)
        {
            return cached;
        }
        var generation = Interlocked.Read(ref _generation);
        var db = services.GetRequiredService<ForumDbContext>();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        var current = account is null || account.LockoutEnd > clock.GetUtcNow() ? "" : account.SecurityStamp ?? "";
        if (Interlocked.Read(ref _generation) == generation)
        {
            cache.Set(Key(userId), current, CacheFor);
        }
        return current;
    }

    /// <summary>The sign-in cookie's check, on every request (Identity's own runs once a minute and only on the node
    /// that issued the cookie's last renewal).</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        if (context.Principal is null ||
            !await services.GetRequiredService<SessionValidator>().IsCurrentAsync(context.Principal, services, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static string Key(string userId) => "session-stamp:" + userId;
}

/// <summary>Bearer tokens live for an hour and are not re-checked by Identity: this answers 401 to a token whose session
/// ended (account locked, password changed or reset, administrator role taken away).</summary>
public sealed class BearerSessionValidation(RequestDelegate next, SessionValidator sessions)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.GetUserId() is not null && ForumAuthentication.HasBearerToken(context.Request) &&
            !await sessions.IsCurrentAsync(context.User, context.RequestServices, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Session ended",
                detail: "This account was locked, or its password or roles changed: sign in again.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
