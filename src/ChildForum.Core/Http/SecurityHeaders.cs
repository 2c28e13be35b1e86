using Microsoft.AspNetCore.Builder;

namespace ChildForum.Core.Http;

/// <summary>The headers every response carries (pages, API, hubs, static files, error pages): a Content-Security-Policy
/// that runs only the site's own script files, styles and images, never inside another site's frame.</summary>
public static class SecurityHeaders
{
    /// <summary>HSTS is not here: <c>UseHsts</c> sends it outside Development, on HTTPS and not to localhost.</summary>
    public static HeaderPolicyCollection Policy() =>
        new HeaderPolicyCollection()
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddCrossOriginOpenerPolicy(builder => builder.SameOrigin())
            .RemoveServerHeader()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                // No inline script and no inline style: every script is a file from wwwroot, and what pages used to
                // write in style="" attributes is a class of the theme's stylesheet.
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                // Images in Markdown from other sites do not load: a tracking image would tell its owner who read what.
                csp.AddImgSrc().Self();
                csp.AddFontSrc().Self();
                // 'self' also allows ws:/wss: to this host (CSP level 3), which the live threads' SignalR connection uses.
                csp.AddConnectSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddFrameSrc().None();
                csp.AddFrameAncestors().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
            });
}
