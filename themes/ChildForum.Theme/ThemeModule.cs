using Microsoft.Extensions.Hosting;

namespace ChildForum.Theme;

/// <summary>The default theme: layout (sections Navigation, Header, Messages, Footer, Scripts), error pages, CSS and JS.
/// It has no services; the host lists it so that the choice of theme is explicit.</summary>
public static class ThemeModule
{
    public static IHostApplicationBuilder AddTheme(this IHostApplicationBuilder builder) => builder;
}
