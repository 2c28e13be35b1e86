using ChildForum.Core.Audit;
using ChildForum.Accounts.Endpoints;
using ChildForum.Accounts.Localization;
using ChildForum.Accounts.Mail;
using ChildForum.Accounts.Recipes;
using ChildForum.Accounts.Services;
using ChildForum.Accounts.SignIn;
using ChildForum.Core.Cluster;
using ChildForum.Core.Identity;
using ChildForum.Core.Localization;
using ChildForum.Core.Mail;
using ChildForum.Core.Navigation;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using StackExchange.Redis;

namespace ChildForum.Accounts;

/// <summary>Sign-in (cookie pages and bearer API), invitations, password changes and user administration.</summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddNoticeTexts<AccountsResource>();
        services.AddAuditActions(
            (AuditActions.UserCreated, Notice.T["User created"]),
            (AuditActions.UserInvited, Notice.T["Invitation link made"]),
            (AuditActions.UserRoleChanged, Notice.T["Administrator role changed"]),
            (AuditActions.UserLocked, Notice.T["Account locked"]),
            (AuditActions.UserUnlocked, Notice.T["Account unlocked"]));
        services.AddScoped<UserInvitations>();
        services.AddScoped<IUserInvitations>(sp => sp.GetRequiredService<UserInvitations>());
        services.AddScoped<UserAdministration>();
        services.AddScoped<IMailComposer, InvitationMailComposer>();
        services.AddScoped<PasswordCheck>();
        services.AddSingleton<SignInThrottle>();
        services.AddOptions<SignInLimitsOptions>().BindConfiguration(SignInLimitsOptions.Section);
        // With Redis every web node counts the same failures (the core registers the connection when it is configured).
        services.AddSingleton<IFailureCounters>(sp => sp.GetService<RedisSettings>() is { } settings
            ? SharedFailureCounters(sp, settings)
            : new MemoryFailureCounters(sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<IRecipeStep, UsersRecipeStep>();
        services.AddScoped<INavigationProvider, AccountsNavigation>();
        return builder;
    }

    /// <summary>A method of its own, so that a site without Redis does not load the Redis client when it first builds
    /// the counters (the client's types in the registration's lambda made the runtime load it on the first sign-in page).</summary>
    private static IFailureCounters SharedFailureCounters(IServiceProvider services, RedisSettings settings) =>
        new RedisFailureCounters(services.GetRequiredService<IConnectionMultiplexer>(), settings);

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuthEndpoints();
        endpoints.MapUserEndpoints();
        return endpoints;
    }
}

internal sealed class AccountsNavigation(AccessRule access, IStringLocalizer<AccountsResource> t) : INavigationProvider
{
    public ValueTask AddItemsAsync(HttpContext httpContext, ICollection<NavigationItem> items)
    {
        if (access.CheckSite(httpContext.User).Allowed)
        {
            items.Add(new NavigationItem(t["Users"], "/admin/users", NavigationSection.Admin, 30));
        }
        return ValueTask.CompletedTask;
    }
}
