using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Services.Choices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Endpoints;

/// <summary>The contract's <c>GET|PUT /api/v1/me/notification-settings</c>: a signed-in person's own mail choices.
/// Cookie-authenticated changes carry the antiforgery header, as every <c>/api/v1</c> change does.</summary>
public static class NotificationSettingsEndpoints
{
    public static void MapNotificationSettingsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApi("/me").WithTags("E-mail").RequireAuthorization();

        api.MapGet("/notification-settings", GetAsync)
            .WithName("GetNotificationSettings")
            .WithDescription("The caller's mail choices: the one switch (enabled), the hour (0–23) and IANA time zone of the daily digest, the language of mail (en or zh-Hans), and every group the caller is a member of with its mode (each, digest or off; a new member starts at each).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapPut("/notification-settings", PutAsync)
            .WithName("PutNotificationSettings")
            .WithDescription("Saves the caller's mail choices. enabled, digestHour, timeZone and language are required; groups lists the groups whose mode changes (a group not listed keeps its mode). A group the caller is not a member of is refused (400 on groups[i].groupId). Answers the choices as saved.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<NotificationSettingsDto>> GetAsync(ClaimsPrincipal user, NotificationChoices choices, CancellationToken cancellationToken) =>
        TypedResults.Ok((await choices.GetAsync(user, cancellationToken)).ToDto());

    public static async Task<Results<Ok<NotificationSettingsDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        NotificationSettingsRequest? request, ClaimsPrincipal user, NotificationChoices choices, IStringLocalizer<MailResource> t, CancellationToken cancellationToken)
    {
        var outcome = await choices.SaveAsync(user, request, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!.ToDto()) : outcome.Failure<NotificationSettingsDto>().ToOk(t);
    }
}
