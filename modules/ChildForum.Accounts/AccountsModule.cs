using ChildForum.Accounts.Endpoints;
using ChildForum.Accounts.Localization;
using ChildForum.Accounts.Recipes;
using ChildForum.Accounts.Services;
using ChildForum.Core.Identity;
using ChildForum.Core.Navigation;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;

namespace ChildForum.Accounts;

/// <summary>Sign-in (cookie pages and bearer API), invitations, password changes and user administration.</summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<IUserInvitations, UserInvitations>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<IRecipeStep, UsersRecipeStep>();
        services.AddScoped<INavigationProvider, AccountsNavigation>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuthEndpoints();
        return endpoints;
    }
}

internal sealed class AccountsNavigation(IStringLocalizer<AccountsResource> t) : INavigationProvider
{
    public ValueTask AddItemsAsync(HttpContext httpContext, ICollection<NavigationItem> items)
    {
        if (httpContext.User.IsAdministrator())
        {
            items.Add(new NavigationItem(t["Users"], "/admin/users", NavigationSection.Admin, 30));
        }
        return ValueTask.CompletedTask;
    }
}
