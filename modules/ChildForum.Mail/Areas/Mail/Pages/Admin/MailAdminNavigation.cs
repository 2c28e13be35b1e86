using ChildForum.Core.Navigation;
using ChildForum.Core.Security;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Services.Sending;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Areas.Mail.Pages.Admin;

/// <summary>The administrators' mail page in the admin navigation, after the search index.</summary>
internal sealed class MailAdminNavigation(IStringLocalizer<MailResource> t) : INavigationProvider
{
    public ValueTask AddItemsAsync(HttpContext httpContext, ICollection<NavigationItem> items)
    {
        if (httpContext.RequestServices.GetRequiredService<AccessRule>().CheckSite(httpContext.User).Allowed)
        {
            items.Add(new NavigationItem(t["Mail"], "/admin/mail", NavigationSection.Admin, 70));
        }
        return ValueTask.CompletedTask;
    }
}
