using ChildForum.Core.Http.PageCaching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Core.Http;

/// <summary>Compresses only answers that carry no secret, so that BREACH (guessing a secret in a compressed HTTPS body
/// from its length, with text the attacker gets reflected next to it) has nothing to find: answers to a caller that
/// sends no cookie and no Authorization header (the visitors of the page cache), and among those none that hand out an
/// antiforgery token or set a cookie. Signed-in pages, forms and API answers to a signed-in caller go out uncompressed.
/// Static assets are not concerned: <c>MapStaticAssets</c> serves them precompressed.</summary>
public sealed class SecretFreeCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
{
    private readonly ResponseCompressionProvider inner = new(services, options);

    /// <summary>Asked before the answer is made: a caller with credentials gets no compression (and costs nothing more).</summary>
    public bool CheckRequestAcceptsCompression(HttpContext context) =>
        !context.Request.Headers.ContainsKey(HeaderNames.Cookie)
        && !context.Request.Headers.ContainsKey(HeaderNames.Authorization)
        && inner.CheckRequestAcceptsCompression(context);

    /// <summary>Asked when the answer starts: one that sets a cookie or carries an antiforgery token holds a secret.</summary>
    public bool ShouldCompressResponse(HttpContext context) =>
        !context.Response.Headers.ContainsKey(HeaderNames.SetCookie)
        && !TokenTrackingAntiforgery.TokensWereIssued(context)
        && inner.ShouldCompressResponse(context);

    public ICompressionProvider? GetCompressionProvider(HttpContext context) => inner.GetCompressionProvider(context);
}
