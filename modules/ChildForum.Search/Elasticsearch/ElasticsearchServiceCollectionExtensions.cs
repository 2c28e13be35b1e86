using ChildForum.Core.Search;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ElasticsearchBackend"/> as the <see cref="ISearchBackend"/>, over one
    /// <see cref="ElasticsearchClient"/> for the whole process (built from <c>Search:Elasticsearch</c>).</summary>
    public static IServiceCollection AddElasticsearchSearch(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section);
        services.AddSingleton(sp => ElasticsearchClientFactory.Create(sp.GetRequiredService<IOptions<SearchOptions>>().Value.Elasticsearch));
        services.AddSingleton<ISearchBackend, ElasticsearchBackend>();
        return services;
    }
}
