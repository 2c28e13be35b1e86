using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace ChildForum.Core.Http;

/// <summary>API calls authenticated by the browser's cookie (rather than a bearer token) must carry the
/// antiforgery token in the <c>RequestVerificationToken</c> header when they change something, so that
/// another site cannot make a signed-in browser act for it.</summary>
public sealed class ApiAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    private readonly IAntiforgery _antiforgery = antiforgery;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        var cookieAuthenticated = http.User.Identity?.IsAuthenticated == true && !ForumAuthentication.HasBearerToken(http.Request);
        if (unsafeMethod && cookieAuthenticated && !await _antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Antiforgery token missing or invalid",
                detail: "This request was authenticated by a cookie, so it must send the page's antiforgery token in the RequestVerificationToken header. Reload the page and try again, or use a bearer token.");
        }
        return await next(context);
    }
}
