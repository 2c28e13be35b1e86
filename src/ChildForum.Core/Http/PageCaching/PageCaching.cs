using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Http.PageCaching;

/// <summary>Pages for visitors who are not signed in, rendered once and served from memory until something they show
/// changes (docs/architecture.md, "Page cache").</summary>
public static class PageCaching
{
    /// <summary>Call after the antiforgery services are added (Razor Pages adds them): their <see cref="IAntiforgery"/> is
    /// wrapped so that a page with a token is never kept.</summary>
    public static IServiceCollection AddPageCaching(this IServiceCollection services)
    {
        services.AddOutputCache(options => options.AddBasePolicy(policy => policy.AddPolicy<AnonymousPagePolicy>()));
        services.AddSingleton<AnonymousPagePolicy>();
        services.AddSingleton<PageCacheGeneration>();
        services.AddSingleton<Data.ICommittedWriteWatcher, PageCacheInvalidator>();
        services.AddScoped<Cluster.IClusterEventHandler, PageCacheEvictionHandler>();
        var antiforgery = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var implementation = antiforgery.ImplementationType
            ?? throw new InvalidOperationException("The antiforgery service is expected to be registered by type.");
        services.Remove(antiforgery);
        services.AddSingleton<IAntiforgery>(sp => new TokenTrackingAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(sp, implementation)));
        return services;
    }
}
