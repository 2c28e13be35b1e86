using System.Security.Claims;
using ChildForum.Accounts.SignIn;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChildForum.Accounts.Endpoints;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record MeDto(string Id, string Email, string DisplayName, int OrganisationId, string Organisation, string StakeholderType, bool IsAdministrator);

/// <summary>Bearer sign-in for scripts and apps, in the shape of ASP.NET Core Identity's API endpoints.
/// Browsers use the cookie sign-in page instead.</summary>
public static class AuthEndpoints
{
    /// <summary>The one answer to every failed sign-in: wrong password, unknown address, invitation not accepted, locked account.</summary>
    public const string FailedTitle = "Sign-in failed";
    public const string FailedDetail = "The e-mail address or password is not right.";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/auth").WithTags("Sign-in");

        api.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .WithName("Login")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous()
            .WithName("RefreshToken")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/me", MeAsync)
            .RequireAuthorization()
            .WithName("Me");
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterResult>> LoginAsync(
        LoginRequest request, HttpContext http, SignInThrottle throttle, PasswordCheck passwords, SignInManager<ForumUser> signInManager)
    {
        var validation = new Validation();
        var email = validation.RequireText("email", request.Email, 256);
        var password = validation.RequireText("password", request.Password, 512);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (await throttle.BlockedForAsync(http, email, http.RequestAborted) is { } wait)
        {
            return SignInThrottle.TooManyAttempts(wait);
        }
        if (await passwords.CheckAsync(email!, request.Password!) is not { } user)
        {
            await throttle.FailedAsync(http, email, http.RequestAborted);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: FailedTitle, detail: FailedDetail);
        }
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signInManager.SignInAsync(user, isPersistent: false);
        return TypedResults.Empty; // The bearer handler has written {tokenType, accessToken, expiresIn, refreshToken}.
    }

    /// <summary>A refresh token works while its session does: one issued before the account was locked, lost the
    /// administrator role or changed its password is refused.</summary>
    public static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterResult>> RefreshAsync(
        RefreshRequest request, HttpContext http, SignInThrottle throttle, SessionValidator sessions, SignInManager<ForumUser> signInManager,
        IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return ApiProblems.Invalid("refreshToken", "This field is required.");
        }
        if (await throttle.BlockedForAsync(http, null, http.RequestAborted) is { } wait)
        {
            return SignInThrottle.TooManyAttempts(wait);
        }
        var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        var userId = ticket?.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = ticket?.Principal.FindFirstValue(signInManager.Options.ClaimsIdentity.SecurityStampClaimType);
        var user = ticket?.Properties.ExpiresUtc is { } expires && clock.GetUtcNow() < expires && userId is not null && !string.IsNullOrEmpty(stamp) &&
                   await sessions.CurrentStampAsync(userId, http.RequestServices, fresh: true, http.RequestAborted) == stamp
            ? await signInManager.UserManager.FindByIdAsync(userId)
            : null;
        if (user is null)
        {
            await throttle.FailedAsync(http, userId, http.RequestAborted);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Refresh failed", detail: "The refresh token is invalid or expired: sign in again.");
        }
        return TypedResults.SignIn(await signInManager.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    public static async Task<Results<Ok<MeDto>, ProblemHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<ForumUser> users, AccessRule access)
    {
        var id = principal.GetUserId();
        var user = await users.Users.Include(u => u.Organisation).SingleOrDefaultAsync(u => u.Id == id);
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "This account no longer exists.");
        }
        return TypedResults.Ok(new MeDto(user.Id, user.Email!, user.DisplayName, user.OrganisationId, user.Organisation!.Name,
            Core.Organisations.StakeholderTypes.ToWire(user.Organisation.StakeholderType), access.CheckSite(principal).Allowed));
    }
}
