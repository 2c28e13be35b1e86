using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace ChildForum.Core.Http;

/// <summary>API calls authenticated by the browser's cookie (rather than a bearer token) must carry the
/// antiforgery token in the <c>RequestVerificationToken</c> header when they change something, so that
/// another site cannot make a signed-in browser act for it.</summary>
public sealed class ApiAntiforgeryFilter(IAntiforgery antiforgery, Microsoft.Extensions.Options.IOptions<AntiforgeryOptions> options) : IEndpointFilter
{
    private readonly IAntiforgery _antiforgery = antiforgery;
    private readonly string _headerName = options.Value.HeaderName ?? "RequestVerificationToken";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        var cookieAuthenticated = http.User.Identity?.IsAuthenticated == true && !ForumAuthentication.HasBearerToken(http.Request);
        if (unsafeMethod && cookieAuthenticated && !await _antiforgery.IsRequestValidAsync(http))
        {
            const string detail = "This request was authenticated by a cookie, so it must send the page's antiforgery token in the RequestVerificationToken header. Reload the page and try again, or use a bearer token.";
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [_headerName] = ["Send the antiforgery token of the page in this header."] },
                detail: detail,
                title: "Antiforgery token missing or invalid");
        }
        return await next(context);
    }
}
