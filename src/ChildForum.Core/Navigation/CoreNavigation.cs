using ChildForum.Core.Localization;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Navigation;

internal sealed class CoreNavigation(IStringLocalizer<CoreResource> t) : INavigationProvider
{
    public ValueTask AddItemsAsync(HttpContext httpContext, ICollection<NavigationItem> items)
    {
        if (httpContext.User.IsAdministrator())
        {
            items.Add(new NavigationItem(t["Audit log"], "/admin/audit", NavigationSection.Admin, 90));
        }
        return ValueTask.CompletedTask;
    }
}
