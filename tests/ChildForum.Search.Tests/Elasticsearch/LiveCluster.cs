using ChildForum.Search.Elasticsearch;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>A real Elasticsearch 9 cluster (with the analysis-icu plugin) for the live tests (category LiveElasticsearch):
/// <c>ELASTICSEARCH_URL</c> (e.g. <c>http://localhost:9200</c>, or several, comma-separated), and when the cluster needs
/// them <c>ELASTICSEARCH_API_KEY</c> or <c>ELASTICSEARCH_USERNAME</c> + <c>ELASTICSEARCH_PASSWORD</c>, and
/// <c>ELASTICSEARCH_CERTIFICATE_FINGERPRINT</c>. Without the URL the tests are skipped: no cluster can be installed on
/// the project's machines, so CI leaves the category out. Each use gets its own index prefix, and
/// <see cref="DisposeAsync"/> deletes its indices.</summary>
public sealed class LiveCluster : IAsyncDisposable
{
    private readonly ElasticsearchClient _client;

    private LiveCluster(SearchOptions options)
    {
        Options = options;
        _client = ElasticsearchClientFactory.Create(options.Elasticsearch);
    }

    public SearchOptions Options { get; }

    /// <summary>Skips the calling test when no cluster is configured.</summary>
    public static LiveCluster Connect()
    {
        var url = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");
        Skip.If(string.IsNullOrWhiteSpace(url),
            "ELASTICSEARCH_URL is not set: the end-to-end Elasticsearch tests need a running cluster (e.g. ELASTICSEARCH_URL=http://localhost:9200).");
        return new LiveCluster(new SearchOptions
        {
            Backend = "elasticsearch",
            Elasticsearch = new ElasticsearchOptions
            {
                Urls = url!.Trim(),
                IndexPrefix = "childforum-test-" + Guid.NewGuid().ToString("N")[..10],
                ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
                Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME"),
                Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
                CertificateFingerprint = Environment.GetEnvironmentVariable("ELASTICSEARCH_CERTIFICATE_FINGERPRINT"),
                RequestTimeout = TimeSpan.FromSeconds(30),
            },
        });
    }

    public ElasticsearchBackend Backend() => new(_client, Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>Deletes every index of this prefix.</summary>
    public async ValueTask DisposeAsync() =>
        await _client.Indices.DeleteAsync(new DeleteIndexRequest($"{Options.Elasticsearch.IndexPrefix}-*"));
}
