using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Localization;
using ChildForum.Core.Navigation;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Data;
using ChildForum.WorkingGroups.Endpoints;
using ChildForum.WorkingGroups.Localization;
using ChildForum.WorkingGroups.Recipes;
using ChildForum.WorkingGroups.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;

namespace ChildForum.WorkingGroups;

/// <summary>Organisations, working groups and membership: the API, the pages and the recipe steps.</summary>
public static class WorkingGroupsModule
{
    public static IHostApplicationBuilder AddWorkingGroups(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IModelContributor, WorkingGroupsModel>();
        services.AddNoticeTexts<WorkingGroupsResource>();
        services.AddAuditActions(
            (AuditActions.GroupCreated, Notice.T["Group created"]),
            (AuditActions.GroupUpdated, Notice.T["Group edited"]),
            (AuditActions.GroupVisibilityChanged, Notice.T["Group visibility changed"]),
            (AuditActions.MemberAdded, Notice.T["Member added"]),
            (AuditActions.MemberRemoved, Notice.T["Member removed"]),
            (AuditActions.MemberRoleChanged, Notice.T["Member's role changed"]),
            (AuditActions.OrganisationCreated, Notice.T["Organisation created"]),
            (AuditActions.OrganisationUpdated, Notice.T["Organisation changed"]));
        services.AddKeptUntilWritten<GroupAccessCache>();
        services.AddScoped<GroupAccessResolver>();
        services.AddScoped<IGroupAccessResolver>(sp => sp.GetRequiredService<GroupAccessResolver>());
        services.AddScoped<IGroupMembers>(sp => sp.GetRequiredService<GroupAccessResolver>());
        services.AddScoped<WorkingGroupService>();
        services.AddScoped<OrganisationService>();
        services.AddScoped<IRecipeStep, OrganisationsRecipeStep>();
        services.AddScoped<IRecipeStep, GroupsRecipeStep>();
        services.AddScoped<INavigationProvider, WorkingGroupsNavigation>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkingGroups(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrganisationEndpoints();
        endpoints.MapGroupEndpoints();
        return endpoints;
    }
}

internal sealed class WorkingGroupsNavigation(AccessRule access, IStringLocalizer<WorkingGroupsResource> t) : INavigationProvider
{
    public ValueTask AddItemsAsync(HttpContext httpContext, ICollection<NavigationItem> items)
    {
        items.Add(new NavigationItem(t["Working groups"], "/", NavigationSection.Main, 10));
        if (access.CheckSite(httpContext.User).Allowed)
        {
            items.Add(new NavigationItem(t["Organisations"], "/admin/organisations", NavigationSection.Admin, 10));
            items.Add(new NavigationItem(t["Groups"], "/admin/groups", NavigationSection.Admin, 20));
        }
        return ValueTask.CompletedTask;
    }
}
