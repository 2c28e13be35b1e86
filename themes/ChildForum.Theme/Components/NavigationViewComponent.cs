using ChildForum.Core.Navigation;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Theme.Components;

/// <summary>Collects the links every module contributes and renders the site navigation.</summary>
public sealed class NavigationViewComponent(IEnumerable<INavigationProvider> providers) : ViewComponent
{
    private readonly IEnumerable<INavigationProvider> _providers = providers;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var items = new List<NavigationItem>();
        foreach (var provider in _providers)
        {
            await provider.AddItemsAsync(HttpContext, items);
        }
        return View(items.OrderBy(i => i.Order).ToList());
    }
}
