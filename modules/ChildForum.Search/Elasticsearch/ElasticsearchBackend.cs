using System.Net;
using System.Runtime.CompilerServices;
using ChildForum.Core.Search;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Elasticsearch;

/// <summary>Search on an Elasticsearch 9 cluster through the official client (<c>Elastic.Clients.Elasticsearch</c>).</summary>
/// <remarks>
/// Searches read the alias <c>{prefix}-read</c>, the indexer writes through <c>{prefix}-write</c>. Both point at one
/// index <c>{prefix}-{utc time}</c>, created on first use. A rebuild creates a new index and moves only the write
/// alias to it; completing it moves the read alias and deletes the old index in one atomic <c>_aliases</c> request,
/// so searches never see a half-built index.
/// A cluster that does not answer (no connection, a timeout, a 5xx, refused credentials) is a
/// <see cref="SearchUnavailableException"/>: search answers 503 and the indexer keeps its outbox and tries again. A
/// request the cluster refuses for what it says is an <see cref="ElasticsearchException"/>.
/// </remarks>
public sealed class ElasticsearchBackend(ElasticsearchClient client, IOptions<SearchOptions> options) : ISearchBackend
{
    private const int DocumentsPerBulk = 500;
    private const int ParentsPerDelete = 1000;
    private const int ExportPageSize = 1000;

    private static readonly SearchResult Nothing = new(0, [], new SearchFacets(
        new Dictionary<string, long>(), new Dictionary<int, long>(), new Dictionary<string, long>(), new Dictionary<string, long>()));

    private readonly ElasticsearchIndex _index = new(options.Value.Elasticsearch.IndexPrefix);
    private readonly SemaphoreSlim _readyGate = new(1, 1);

    // Whether the aliases are known to exist, so that they are checked once, not per request.
    private volatile bool _ready;

    public async Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(documents);
        if (parents.Count == 0 && documents.Count == 0)
        {
            return;
        }
        await EnsureIndexAsync(cancellationToken);

        // The new documents first (visible when this returns), then whatever else the parents had: a search in
        // between may see an old paragraph beside the new ones, but never a parent with nothing.
        foreach (var batch in documents.Chunk(DocumentsPerBulk))
        {
            var operations = new BulkOperationsCollection();
            foreach (var document in batch)
            {
                operations.Add(new BulkIndexOperation<ElasticsearchDocument>(ElasticsearchIndex.Document(document)) { Id = document.Key });
            }
            var request = new BulkRequest(_index.WriteAlias) { Operations = operations, Refresh = Refresh.WaitFor, RequireAlias = true };
            var response = await CallAsync(() => client.BulkAsync(request, cancellationToken), "bulk");
            if (response.Errors || response.ItemsWithErrors.Any())
            {
                var failed = response.ItemsWithErrors.ToList();
                var first = failed.FirstOrDefault();
                if (first?.Error?.Type == "index_not_found_exception")
                {
                    _ready = false;
                }
                throw new ElasticsearchException(
                    $"Elasticsearch could not index {failed.Count} of {batch.Length} documents; the first, {first?.Id}: {first?.Error?.Type} {first?.Error?.Reason}".TrimEnd(),
                    null, first?.Error?.Type);
            }
        }

        var keysByParent = documents.GroupBy(document => document.Parent, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(document => document.Key).ToList(), StringComparer.Ordinal);
        foreach (var batch in parents.Distinct(StringComparer.Ordinal).Chunk(ParentsPerDelete))
        {
            var keep = batch.SelectMany(parent => keysByParent.TryGetValue(parent, out var keys) ? keys : []).ToArray();
            var query = new BoolQuery { Filter = [new TermsQuery { Field = "parent", Terms = new TermsQueryField([.. batch.Select(FieldValue.String)]) }] };
            if (keep.Length > 0)
            {
                query.MustNot = [new IdsQuery { Values = keep }];
            }
            var request = new DeleteByQueryRequest(_index.WriteAlias) { Query = query, Refresh = true, Conflicts = Conflicts.Proceed };
            var response = await CallAsync(() => client.DeleteByQueryAsync(request, cancellationToken), "delete by query");
            if (response.Failures?.FirstOrDefault() is { } failure)
            {
                throw new ElasticsearchException($"Elasticsearch could not delete old documents of {failure.Id}: {failure.Cause?.Type} {failure.Cause?.Reason}".TrimEnd(), null, failure.Cause?.Type);
            }
        }
    }

    public async Task<SearchResult> SearchAsync(Core.Search.SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.IsEmpty)
        {
            return Nothing;
        }
        await EnsureIndexAsync(cancellationToken);
        var search = ElasticsearchQueries.Search(_index.ReadAlias, request);
        var response = await CallAsync(() => client.SearchAsync<ElasticsearchDocument>(search, cancellationToken), "search");
        return ElasticsearchHits.ToResult(response);
    }

    public async IAsyncEnumerable<SearchHit> ExportAsync(Core.Search.SearchRequest request, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.IsEmpty || limit <= 0)
        {
            yield break;
        }
        await EnsureIndexAsync(cancellationToken);
        var exported = 0;
        IReadOnlyCollection<FieldValue>? after = null;
        while (exported < limit)
        {
            var page = ElasticsearchQueries.ExportPage(_index.ReadAlias, request, Math.Min(ExportPageSize, limit - exported), after);
            var response = await CallAsync(() => client.SearchAsync<ElasticsearchDocument>(page, cancellationToken), "export");
            var hits = response.Hits;
            foreach (var hit in hits)
            {
                yield return ElasticsearchHits.ToHit(hit);
                exported++;
            }
            after = hits.LastOrDefault()?.Sort;
            if (hits.Count < page.Size || after is null)
            {
                yield break;
            }
        }
    }

    public async Task BeginRebuildAsync(CancellationToken cancellationToken)
    {
        var read = await AliasIndicesAsync(_index.ReadAlias, cancellationToken);
        var write = await AliasIndicesAsync(_index.WriteAlias, cancellationToken);
        if (read.Count == 0 && write.Count == 0)
        {
            // Nothing yet: the first index is empty, and is the one to build.
            await CreateFirstIndexAsync(cancellationToken);
            _ready = true;
            return;
        }

        var index = await CreateIndexAsync([], cancellationToken);
        var actions = new List<IndexUpdateAliasesAction>();
        foreach (var old in write)
        {
            // An index that only the write alias reached is an earlier rebuild that never completed.
            actions.Add(read.Contains(old)
                ? new RemoveAction { Index = old, Alias = _index.WriteAlias }
                : new RemoveIndexAction { Index = old });
        }
        actions.Add(new AddAction { Index = index, Alias = _index.WriteAlias, IsWriteIndex = true });
        if (read.Count == 0)
        {
            actions.Add(new AddAction { Index = index, Alias = _index.ReadAlias });
        }
        await UpdateAliasesAsync(actions, cancellationToken);
        _ready = true;
    }

    public async Task CompleteRebuildAsync(CancellationToken cancellationToken)
    {
        var read = await AliasIndicesAsync(_index.ReadAlias, cancellationToken);
        var write = await AliasIndicesAsync(_index.WriteAlias, cancellationToken);
        if (write.Count != 1)
        {
            throw new InvalidOperationException(
                $"Cannot complete the search rebuild: the alias {_index.WriteAlias} points at {write.Count} indices instead of one.");
        }
        var rebuilt = write[0];
        if (read.Count == 1 && read[0] == rebuilt)
        {
            return;
        }
        var actions = new List<IndexUpdateAliasesAction> { new AddAction { Index = rebuilt, Alias = _index.ReadAlias } };
        actions.AddRange(read.Where(old => old != rebuilt).Select(old => (IndexUpdateAliasesAction)new RemoveIndexAction { Index = old }));
        await UpdateAliasesAsync(actions, cancellationToken);
    }

    /// <summary><c>GET {read alias}/_count</c>: every document, no filter.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);
        var response = await CallAsync(() => client.CountAsync(new CountRequest(_index.ReadAlias), cancellationToken), "count");
        return response.Count;
    }

    /// <summary>Empty, or the live index's mapping says an earlier layout (<see cref="ElasticsearchIndex.Layout"/>).</summary>
    public async Task<bool> NeedsRebuildAsync(CancellationToken cancellationToken)
    {
        if (await CountAsync(cancellationToken) == 0)
        {
            return true;
        }
        var response = await CallAsync(() => client.Indices.GetMappingAsync(new GetMappingRequest(_index.ReadAlias), cancellationToken), "get mapping");
        return response.Mappings.Values.Any(index => ElasticsearchIndex.LayoutOf(index.Mappings.Meta) != ElasticsearchIndex.Layout);
    }

    /// <summary><c>GET /</c>: the cluster's name and version, or why it does not answer.</summary>
    public async Task<SearchHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await CallAsync(() => client.InfoAsync(cancellationToken), "info");
            return new SearchHealth(true, $"Elasticsearch cluster {info.ClusterName} (version {info.Version.Number}) answers.",
                new Dictionary<string, object> { ["cluster"] = info.ClusterName, ["version"] = info.Version.Number });
        }
        catch (Exception e) when (e is SearchUnavailableException or ElasticsearchException)
        {
            return new SearchHealth(false, e.Message);
        }
    }

    private async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }
        await _readyGate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }
            var read = await AliasIndicesAsync(_index.ReadAlias, cancellationToken);
            var write = await AliasIndicesAsync(_index.WriteAlias, cancellationToken);
            if (read.Count == 0 && write.Count == 0)
            {
                await CreateFirstIndexAsync(cancellationToken);
            }
            else if (write.Count == 0)
            {
                await UpdateAliasesAsync([new AddAction { Index = read[^1], Alias = _index.WriteAlias, IsWriteIndex = true }], cancellationToken);
            }
            else if (read.Count == 0)
            {
                await UpdateAliasesAsync([new AddAction { Index = write[^1], Alias = _index.ReadAlias }], cancellationToken);
            }
            _ready = true;
        }
        finally
        {
            _readyGate.Release();
        }
    }

    private async Task CreateFirstIndexAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateIndexAsync([(_index.ReadAlias, false), (_index.WriteAlias, true)], cancellationToken);
        }
        catch (ElasticsearchException e) when (e.ErrorType == "resource_already_exists_exception" || e.ErrorType == "invalid_alias_name_exception" || e.ErrorType == "illegal_state_exception")
        {
            // Another process may have created it first (then ours is refused: an alias has one write index).
            if ((await AliasIndicesAsync(_index.ReadAlias, cancellationToken)).Count == 0)
            {
                throw;
            }
        }
    }

    private async Task<string> CreateIndexAsync(IEnumerable<(string Alias, bool IsWriteIndex)> aliases, CancellationToken cancellationToken)
    {
        var name = _index.NewIndexName(DateTimeOffset.UtcNow);
        var request = ElasticsearchIndex.CreateIndex(name, aliases);
        try
        {
            await CallAsync(() => client.Indices.CreateAsync(request, cancellationToken), "create index");
        }
        catch (ElasticsearchException e) when (e.Message.Contains("icu_transform", StringComparison.Ordinal))
        {
            throw new ElasticsearchException(
                "Elasticsearch cannot create the search index: its Chinese analyzer needs the analysis-icu plugin (Traditional↔Simplified), "
                + "which this cluster lacks. Install it on every node (bin/elasticsearch-plugin install analysis-icu) and restart them. " + e.Message,
                e.Status, e.ErrorType, e);
        }
        return name;
    }

    private Task UpdateAliasesAsync(IEnumerable<IndexUpdateAliasesAction> actions, CancellationToken cancellationToken) =>
        CallAsync(() => client.Indices.UpdateAliasesAsync(new UpdateAliasesRequest { Actions = [.. actions] }, cancellationToken), "update aliases");

    /// <summary>The indices an alias points at (none when it does not exist), in name order.</summary>
    private async Task<IReadOnlyList<string>> AliasIndicesAsync(string alias, CancellationToken cancellationToken)
    {
        var response = await CallAsync(() => client.Indices.GetAliasAsync(new GetAliasRequest((Names)alias), cancellationToken), "get alias", allowNotFound: true);
        return response.IsValidResponse && response.Aliases is { } aliases ? [.. aliases.Keys.Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Sends a request through the client and returns its response when Elasticsearch accepted it; a cluster
    /// that does not answer becomes <see cref="SearchUnavailableException"/>, a refusal <see cref="ElasticsearchException"/>
    /// with Elasticsearch's reason.
    /// <para>Without a <c>where TResponse : ElasticsearchResponse</c> constraint on purpose: the runtime resolves a public
    /// class's method constraints when it loads the class, and MVC lists this module's public types at start, so the
    /// constraint made every site load the Elasticsearch client's assemblies, Lucene sites too (<see cref="Core.Http.PublicTypesPart"/>).</para></summary>
    private async Task<TResponse> CallAsync<TResponse>(Func<Task<TResponse>> send, string operation, bool allowNotFound = false)
    {
        TResponse answer;
        try
        {
            answer = await send();
        }
        catch (TransportException e)
        {
            throw new SearchUnavailableException($"Elasticsearch does not answer ({operation}): {e.Message}", e);
        }
        var response = answer as ElasticsearchResponse
            ?? throw new InvalidOperationException($"Elasticsearch {operation}: the client answered {typeof(TResponse).Name}, not a response.");
        var details = response.ApiCallDetails;
        // A bulk answer with failed items is not "valid" to the client, but it is an answer: the caller reads the items.
        if (response.IsValidResponse || (response is BulkResponse && details.HasSuccessfulStatusCode))
        {
            return answer;
        }
        var status = details.HttpStatusCode;
        if (allowNotFound && status == (int)HttpStatusCode.NotFound)
        {
            return answer;
        }
        if (status is null or >= 500 or 401 or 403 or 408 or 429)
        {
            var why = status is null ? details.OriginalException?.Message ?? "no connection" : $"HTTP {status}";
            throw new SearchUnavailableException($"Elasticsearch does not answer ({operation}): {why}.", details.OriginalException);
        }
        var error = response.ElasticsearchServerError?.Error;
        if (error?.Type == "index_not_found_exception")
        {
            // Someone deleted the index or an alias: check again on the next request.
            _ready = false;
        }
        throw new ElasticsearchException(
            $"Elasticsearch {operation} failed ({status}{(error?.Type is null ? "" : " " + error.Type)}): {error?.Reason ?? details.OriginalException?.Message}",
            (HttpStatusCode?)status, error?.Type, details.OriginalException);
    }
}
