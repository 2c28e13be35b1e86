using ChildForum.Core.Search;
using ChildForum.Search.Tests.Elasticsearch;

namespace ChildForum.Search.Tests.Conformance;

/// <summary>The conformance suite against a real Elasticsearch cluster, each test on indices of its own prefix. Runs only
/// when <c>ELASTICSEARCH_URL</c> is set (see <see cref="LiveCluster"/>); skipped otherwise, and left out of CI.</summary>
[Trait("Category", "LiveElasticsearch")]
public sealed class ElasticsearchBackendConformanceTests : BackendConformanceTests
{
    private LiveCluster? _cluster;

    protected override Task<ISearchBackend> CreateBackendAsync()
    {
        _cluster = LiveCluster.Connect();
        return Task.FromResult<ISearchBackend>(_cluster.Backend());
    }

    protected override async Task DisposeBackendAsync(ISearchBackend backend)
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
