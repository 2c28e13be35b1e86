using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Elasticsearch;

/// <summary>Where <c>Search:Backend=elasticsearch</c> plugs in its backend.</summary>
public static class ElasticsearchRegistration
{
    public static void Register(IServiceCollection services) => services.AddElasticsearchSearch();
}
