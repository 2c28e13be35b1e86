using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Security.Claims;

namespace ChildForum.Accounts.Endpoints;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record MeDto(string Id, string Email, string DisplayName, int OrganisationId, string Organisation, string StakeholderType, bool IsAdministrator);

/// <summary>Bearer sign-in for scripts and apps, in the shape of ASP.NET Core Identity's API endpoints.
/// Browsers use the cookie sign-in page instead.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/auth").WithTags("Sign-in");

        api.MapPost("/login", async Task<IResult> (LoginRequest request, SignInManager<ForumUser> signInManager) =>
            {
                var validation = new Validation();
                var email = validation.RequireText("email", request.Email, 256);
                var password = validation.RequireText("password", request.Password, 512);
                if (!validation.IsValid)
                {
                    return validation.ToProblem();
                }
                signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
                var result = await signInManager.PasswordSignInAsync(email!, password!, isPersistent: false, lockoutOnFailure: true);
                if (result.Succeeded)
                {
                    return TypedResults.Empty; // The bearer handler has written {tokenType, accessToken, expiresIn, refreshToken}.
                }
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: result.IsLockedOut ? "Locked out" : "Sign-in failed",
                    detail: result.IsLockedOut
                        ? "Too many failed attempts: this account is locked for 15 minutes."
                        : "The e-mail address or password is not right.");
            })
            .AllowAnonymous()
            .WithName("Login")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPost("/refresh", async Task<IResult> (RefreshRequest request, SignInManager<ForumUser> signInManager, IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider clock) =>
            {
                if (string.IsNullOrWhiteSpace(request.RefreshToken))
                {
                    return ApiProblems.Invalid("refreshToken", "This field is required.");
                }
                var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
                if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires ||
                    await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Refresh failed", detail: "The refresh token is invalid or expired: sign in again.");
                }
                var principal = await signInManager.CreateUserPrincipalAsync(user);
                return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
            })
            .AllowAnonymous()
            .WithName("RefreshToken")
            .Produces<AccessTokenResponse>();

        api.MapGet("/me", async Task<IResult> (ClaimsPrincipal principal, UserManager<ForumUser> users) =>
            {
                var id = principal.GetUserId();
                var user = await users.Users.Include(u => u.Organisation).SingleOrDefaultAsync(u => u.Id == id);
                if (user is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "This account no longer exists.");
                }
                return TypedResults.Ok(new MeDto(user.Id, user.Email!, user.DisplayName, user.OrganisationId, user.Organisation!.Name,
                    Core.Organisations.StakeholderTypes.ToWire(user.Organisation.StakeholderType), principal.IsAdministrator()));
            })
            .RequireAuthorization()
            .WithName("Me")
            .Produces<MeDto>();
    }
}
