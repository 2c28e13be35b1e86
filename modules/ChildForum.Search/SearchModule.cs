using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Core.Navigation;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Search.Elasticsearch;
using ChildForum.Search.Endpoints;
using ChildForum.Search.Export;
using ChildForum.Search.Indexing;
using ChildForum.Search.Lucene;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Search;

/// <summary>Search across threads, messages, drafts, agendas and minutes: the outbox and its indexer, the Lucene
/// (default) or Elasticsearch backend, <c>GET /api/v1/search</c>, the search page and the administrators' rebuild.</summary>
public static class SearchModule
{
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section);
        services.AddSingleton<IModelContributor, SearchModel>();
        services.AddScoped<ISearchOutbox, SearchOutbox>();
        services.AddSingleton<IndexerSignal>();
        services.AddSingleton<RebuildProgress>();
        services.AddSingleton<SearchIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddScoped<SearchService>();
        services.AddSearchExport();
        services.AddScoped<INavigationProvider, SearchNavigation>();

        var backend = builder.Configuration[$"{SearchOptions.Section}:{nameof(SearchOptions.Backend)}"] ?? "lucene";
        if (string.Equals(backend, "elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            services.AddElasticsearchSearch();
        }
        else
        {
            services.AddSingleton<ISearchBackend>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
                var path = options.IndexPath is { Length: > 0 } configured
                    ? configured
                    : Path.Combine(sp.GetRequiredService<IOptions<ChildForumOptions>>().Value.DataPath, "search-index");
                return new LuceneBackend(path, sp.GetRequiredService<ILogger<LuceneBackend>>());
            });
        }
        services.AddHealthChecks().AddCheck<SearchHealthCheck>("search");
        return builder;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSearchEndpoints();
        return endpoints;
    }
}

/// <summary>/health: the backend answers, with what it says about itself (cluster name, status and nodes; or the index).</summary>
public sealed class SearchHealthCheck(ISearchBackend backend) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await backend.CheckHealthAsync(cancellationToken);
        return health.Healthy
            ? HealthCheckResult.Healthy(health.Description, health.Data)
            : HealthCheckResult.Unhealthy(health.Description, data: health.Data);
    }
}

internal sealed class SearchNavigation(Microsoft.Extensions.Localization.IStringLocalizer<Localization.SearchResource> t) : INavigationProvider
{
    public ValueTask AddItemsAsync(Microsoft.AspNetCore.Http.HttpContext httpContext, ICollection<NavigationItem> items)
    {
        items.Add(new NavigationItem(t["Search"], "/search", NavigationSection.Main, 50));
        if (httpContext.RequestServices.GetRequiredService<AccessRule>().CheckSite(httpContext.User).Allowed)
        {
            items.Add(new NavigationItem(t["Search index"], "/admin/search", NavigationSection.Admin, 60));
        }
        return ValueTask.CompletedTask;
    }
}
