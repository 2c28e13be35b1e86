using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>The site's <see cref="IAntiforgery"/>, noting on the request when it hands out tokens. A page that carries a
/// token belongs to its visitor's antiforgery cookie, so it must never be kept and shown to someone else
/// (<see cref="AnonymousPagePolicy"/> asks <see cref="TokensWereIssued"/> before storing).</summary>
public sealed class TokenTrackingAntiforgery(IAntiforgery inner) : IAntiforgery
{
    private static readonly object Issued = new();

    public static bool TokensWereIssued(HttpContext context) => context.Items.ContainsKey(Issued);

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        httpContext.Items[Issued] = true;
        return inner.GetAndStoreTokens(httpContext);
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext)
    {
        httpContext.Items[Issued] = true;
        return inner.GetTokens(httpContext);
    }

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);
}
