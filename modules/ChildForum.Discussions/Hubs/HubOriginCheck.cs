using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Discussions.Hubs;

/// <summary>WebSockets are not covered by CORS, and a browser sends the site's cookie with a connection another site's
/// page opens: the hub therefore refuses (403) a browser request whose <c>Origin</c> is neither the site's own nor one of
/// <c>ChildForum:AllowedOrigins</c>. Programs send no Origin and are let through (they authenticate with a bearer token).</summary>
public static class HubOriginCheck
{
    public const string AllowedOriginsKey = "ChildForum:AllowedOrigins";

    public static TBuilder RequireKnownOrigin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null)
            {
                return;
            }
            endpoint.RequestDelegate = context => IsAllowed(context) ? inner(context) : RefuseAsync(context);
        });
        return builder;
    }

    public static bool IsAllowed(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        var own = $"{context.Request.Scheme}://{context.Request.Host.Value}";
        if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var allowed = context.RequestServices.GetRequiredService<IConfiguration>().GetSection(AllowedOriginsKey).Get<string[]>() ?? [];
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }

    private static Task RefuseAsync(HttpContext context) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "Connections to the hub are accepted from this site's own pages only.")
            .ExecuteAsync(context);
}
