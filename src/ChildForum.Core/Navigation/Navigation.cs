using Microsoft.AspNetCore.Http;

namespace ChildForum.Core.Navigation;

public enum NavigationSection { Main, Admin }

public sealed record NavigationItem(string Text, string Href, NavigationSection Section = NavigationSection.Main, int Order = 100);

/// <summary>A module adds its links to the site navigation (the theme renders them) by registering one of these.
/// Text is already localised by the module.</summary>
public interface INavigationProvider
{
    ValueTask AddItemsAsync(HttpContext httpContext, ICollection<NavigationItem> items);
}
