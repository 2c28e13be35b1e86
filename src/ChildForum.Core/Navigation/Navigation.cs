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

/// <summary>A block a module adds to the group page (Orchard's "part" of a content item): the working-groups
/// module renders every registered section, in order, by invoking the view component with the group's
/// <see cref="Security.GroupAccess"/> as argument <c>group</c>.</summary>
public sealed record GroupSection(string ViewComponentName, int Order);
