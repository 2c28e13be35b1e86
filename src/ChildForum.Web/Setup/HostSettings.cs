using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;

namespace ChildForum.Web.Setup;

public static class HostSettings
{
    /// <summary>What the host itself says: no <c>Server</c> header naming the web server, HSTS for a year, and pages in UTF-8 with
    /// Chinese written as characters rather than numeric entities (the encoder still escapes &lt; &gt; &amp; " ').</summary>
    public static WebApplicationBuilder AddHostSettings(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // UseHsts (outside Development) tells browsers to come back over HTTPS only, for a year.
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }
}
