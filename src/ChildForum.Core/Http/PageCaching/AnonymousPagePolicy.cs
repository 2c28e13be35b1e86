using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>Which answers are kept and served again: pages (never the API, hubs, files or health) read with GET or HEAD by
/// someone not signed in, answered 200 without setting a cookie and without an antiforgery token in them. Everyone not
/// signed in sees the same page for the same address and language, so it can be shared; a signed-in person's page names
/// them and what they may do, and is always rendered. The key holds the address with its query, the language and the
/// <see cref="PageCacheGeneration"/> the request began in.</summary>
public sealed class AnonymousPagePolicy(PageCacheGeneration generation) : IOutputCachePolicy
{
    /// <summary>How long a page is kept at most when nothing changes (a change replaces it at once).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var cacheable = IsAnonymousPageRequest(http);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (cacheable)
        {
            context.ResponseExpirationTimeSpan = Lifetime;
            context.Tags.Add(PageCacheGeneration.Tag);
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
            context.CacheVaryByRules.VaryByValues["generation"] = generation.Current.ToString(CultureInfo.InvariantCulture);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || !StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            || TokenTrackingAntiforgery.TokensWereIssued(context.HttpContext))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    private static bool IsAnonymousPageRequest(HttpContext http)
    {
        var request = http.Request;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && http.User.Identity?.IsAuthenticated != true
            && !request.Headers.ContainsKey(HeaderNames.Authorization)
            && http.GetEndpoint()?.Metadata is { } metadata
            && metadata.GetMetadata<PageActionDescriptor>() is not null
            && metadata.GetMetadata<RenderedEachTimeAttribute>() is null;
    }
}
