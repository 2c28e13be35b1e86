using System.Text.Json;
using ChildForum.Search.Elasticsearch;

namespace ChildForum.Search.Tests.Elasticsearch;

/// <summary>A real Elasticsearch 8 or 9 cluster for the live tests (category LiveElasticsearch): <c>ELASTICSEARCH_URL</c>
/// (e.g. <c>http://localhost:9200</c>) and <c>ELASTICSEARCH_API_KEY</c> when the cluster needs one. Without the URL the
/// tests are skipped: no cluster can be installed on the project's machines, so CI leaves the category out.
/// Each use gets its own index prefix, and <see cref="DisposeAsync"/> deletes its indices.</summary>
public sealed class LiveCluster : IAsyncDisposable
{
    private LiveCluster(SearchOptions options, HttpClient http)
    {
        Options = options;
        Http = http;
    }

    public SearchOptions Options { get; }

    public HttpClient Http { get; }

    /// <summary>Skips the calling test when no cluster is configured.</summary>
    public static LiveCluster Connect()
    {
        var url = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");
        Skip.If(string.IsNullOrWhiteSpace(url),
            "ELASTICSEARCH_URL is not set: the end-to-end Elasticsearch tests need a running cluster (e.g. ELASTICSEARCH_URL=http://localhost:9200).");
        var options = new SearchOptions
        {
            Backend = "elasticsearch",
            Elasticsearch = new ElasticsearchOptions
            {
                Url = url!.Trim(),
                IndexPrefix = "childforum-test-" + Guid.NewGuid().ToString("N")[..10],
                ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
            },
        };
        return new LiveCluster(options, new HttpClient { BaseAddress = ElasticsearchBackend.BaseUri(options.Elasticsearch), Timeout = TimeSpan.FromSeconds(30) });
    }

    public ElasticsearchBackend Backend() => new(Http, Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>Deletes every index of this prefix.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var get = Request(HttpMethod.Get, $"{Options.Elasticsearch.IndexPrefix}-*");
            using var response = await Http.SendAsync(get);
            if (!response.IsSuccessStatusCode)
            {
                return;
            }
            using var indices = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var index in indices.RootElement.EnumerateObject())
            {
                using var delete = Request(HttpMethod.Delete, Uri.EscapeDataString(index.Name));
                (await Http.SendAsync(delete)).Dispose();
            }
        }
        finally
        {
            Http.Dispose();
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (Options.Elasticsearch.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new("ApiKey", key);
        }
        return request;
    }
}
