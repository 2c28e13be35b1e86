using ChildForum.Core.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Elasticsearch;

public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ElasticsearchBackend"/> as the <see cref="ISearchBackend"/>: a typed HttpClient
    /// whose base address is <c>Search:Elasticsearch:Url</c> (so it is created per scope; the index check it does on
    /// first use is remembered per process).</summary>
    public static IServiceCollection AddElasticsearchSearch(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section);
        services.AddHttpClient<ISearchBackend, ElasticsearchBackend>((provider, client) =>
            client.BaseAddress = ElasticsearchBackend.BaseUri(provider.GetRequiredService<IOptions<SearchOptions>>().Value.Elasticsearch));
        return services;
    }
}
