using ChildForum.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Sending;

/// <summary>The base of every link in a mail. Mail is sent outside any request, so there is no request's own address to
/// fall back on: <c>ChildForum:PublicUrl</c> when set; otherwise the first address the server listens on (a wildcard host
/// read as <c>localhost</c>), which is right on a developer's machine; otherwise <c>http://localhost/</c>. A site that
/// sends mail to people sets <c>ChildForum:PublicUrl</c>; the administrators' page says so when it is missing.</summary>
public sealed class SiteAddress(IOptions<ChildForumOptions> site, IServiceProvider services)
{
    public bool Configured => Uri.TryCreate(site.Value.PublicUrl, UriKind.Absolute, out _);

    /// <summary>An absolute URL ending in a slash, so that relative paths keep a path base (<c>https://example.org/forum/</c>).</summary>
    public Uri PublicUrl
    {
        get
        {
            if (Uri.TryCreate(site.Value.PublicUrl, UriKind.Absolute, out var configured))
            {
                return WithSlash(configured);
            }
            var listening = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (listening is not null)
            {
                var local = listening.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
                    .Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
                if (Uri.TryCreate(local, UriKind.Absolute, out var address))
                {
                    return WithSlash(address);
                }
            }
            return new Uri("http://localhost/");
        }
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
