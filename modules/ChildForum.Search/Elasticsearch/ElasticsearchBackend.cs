using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChildForum.Core.Search;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Elasticsearch;

/// <summary>Search on an Elasticsearch 8 or 9 cluster through its REST API.</summary>
/// <remarks>
/// Searches read the alias <c>{prefix}-read</c>, the indexer writes through <c>{prefix}-write</c>. Both point at one
/// index <c>{prefix}-{utc time}</c>, created on first use. A rebuild creates a new index and moves only the write
/// alias to it; completing it moves the read alias and deletes the old index in one atomic <c>_aliases</c> request,
/// so searches never see a half-built index.
/// </remarks>
public sealed class ElasticsearchBackend : ISearchBackend
{
    private const int DocumentsPerBulk = 500;
    private const int ParentsPerDelete = 1000;

    // Which (cluster, prefix) pairs are known to have their aliases, so that a process checks once, not per request
    // (the backend is a typed HttpClient, created per scope).
    private static readonly ConcurrentDictionary<string, bool> Ready = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ReadyGates = new(StringComparer.Ordinal);

    private static readonly SearchResult Nothing = new(0, [], new SearchFacets(
        new Dictionary<string, long>(), new Dictionary<int, long>(), new Dictionary<string, long>(), new Dictionary<string, long>()));

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string? _apiKey;
    private readonly ElasticsearchIndex _index;
    private readonly string _readyKey;

    public ElasticsearchBackend(HttpClient http, IOptions<SearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var elasticsearch = options.Value.Elasticsearch;
        _http = http;
        _baseAddress = WithTrailingSlash(http.BaseAddress ?? BaseUri(elasticsearch));
        _apiKey = string.IsNullOrWhiteSpace(elasticsearch.ApiKey) ? null : elasticsearch.ApiKey.Trim();
        _index = new ElasticsearchIndex(elasticsearch.IndexPrefix);
        _readyKey = $"{_baseAddress}|{_index.Prefix}";
    }

    /// <summary>The cluster's address from <c>Search:Elasticsearch:Url</c>.</summary>
    public static Uri BaseUri(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Url) || !Uri.TryCreate(options.Url.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                "Search:Elasticsearch:Url must be the cluster's http(s) address (e.g. http://localhost:9200) when Search:Backend is elasticsearch.");
        }
        return WithTrailingSlash(uri);
    }

    public async Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(documents);
        if (parents.Count == 0 && documents.Count == 0)
        {
            return;
        }
        await EnsureIndexAsync(cancellationToken);
        var write = Uri.EscapeDataString(_index.WriteAlias);

        // The new documents first (visible when this returns), then whatever else the parents had: a search in
        // between may see an old paragraph beside the new ones, but never a parent with nothing.
        foreach (var batch in documents.Chunk(DocumentsPerBulk))
        {
            var body = await SendAsync(
                HttpMethod.Post, $"{write}/_bulk?refresh=wait_for&require_alias=true",
                Content(ElasticsearchRequests.Bulk(batch), "application/x-ndjson"), "bulk", cancellationToken);
            var bulk = ElasticsearchResponses.ReadBulk(body);
            if (bulk.HasFailures)
            {
                var failure = bulk.FirstFailure;
                if (failure?.ErrorType == "index_not_found_exception")
                {
                    Ready.TryRemove(_readyKey, out _);
                }
                throw new ElasticsearchException(
                    $"Elasticsearch could not index {bulk.Items.Count(item => item.Failed)} of {batch.Length} documents; the first, {failure?.Id}: {failure?.ErrorType} {failure?.ErrorReason}".TrimEnd(),
                    null, failure?.ErrorType);
            }
        }

        var keysByParent = documents.GroupBy(document => document.Parent, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(document => document.Key).ToList(), StringComparer.Ordinal);
        foreach (var batch in parents.Distinct(StringComparer.Ordinal).Chunk(ParentsPerDelete))
        {
            var keep = batch.SelectMany(parent => keysByParent.TryGetValue(parent, out var keys) ? keys : []);
            var body = await SendAsync(
                HttpMethod.Post, $"{write}/_delete_by_query?refresh=true&conflicts=proceed",
                Json(ElasticsearchRequests.DeleteByParents(batch, keep)), "delete by query", cancellationToken);
            var deleted = ElasticsearchResponses.ReadDeleteByQuery(body);
            if (deleted.Failures.Count > 0)
            {
                throw new ElasticsearchException($"Elasticsearch could not delete old documents: {deleted.Failures[0]}");
            }
        }
    }

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query.IsEmpty)
        {
            return Nothing;
        }
        await EnsureIndexAsync(cancellationToken);
        var body = await SendAsync(
            HttpMethod.Post, $"{Uri.EscapeDataString(_index.ReadAlias)}/_search",
            Json(ElasticsearchRequests.Search(request)), "search", cancellationToken);
        return ElasticsearchResponses.ToResult(ElasticsearchResponses.ReadSearch(body));
    }

    public async Task BeginRebuildAsync(CancellationToken cancellationToken)
    {
        var read = await AliasIndicesAsync(_index.ReadAlias, cancellationToken);
        var write = await AliasIndicesAsync(_index.WriteAlias, cancellationToken);
        if (read.Count == 0 && write.Count == 0)
        {
            // Nothing yet: the first index is empty, and is the one to build.
            await CreateFirstIndexAsync(cancellationToken);
            Ready[_readyKey] = true;
            return;
        }

        var index = await CreateIndexAsync([], cancellationToken);
        var actions = new List<AliasAction>();
        foreach (var old in write)
        {
            // An index that only the write alias reached is an earlier rebuild that never completed.
            actions.Add(read.Contains(old) ? new AliasAction.Remove(old, _index.WriteAlias) : new AliasAction.RemoveIndex(old));
        }
        actions.Add(new AliasAction.Add(index, _index.WriteAlias, IsWriteIndex: true));
        if (read.Count == 0)
        {
            actions.Add(new AliasAction.Add(index, _index.ReadAlias));
        }
        await UpdateAliasesAsync(actions, cancellationToken);
        Ready[_readyKey] = true;
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
        var actions = new List<AliasAction> { new AliasAction.Add(rebuilt, _index.ReadAlias) };
        actions.AddRange(read.Where(old => old != rebuilt).Select(old => new AliasAction.RemoveIndex(old)));
        await UpdateAliasesAsync(actions, cancellationToken);
    }

    /// <summary><c>GET {read alias}/_count</c>: every document, no filter.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken);
        var body = await SendAsync(HttpMethod.Get, $"{Uri.EscapeDataString(_index.ReadAlias)}/_count", null, "count", cancellationToken);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("count", out var count) ? count.GetInt64() : 0;
    }

    // TODO(issue 11, Elasticsearch helper): replaced by the official client's backend.
    public IAsyncEnumerable<SearchHit> ExportAsync(SearchRequest request, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException("Search export on Elasticsearch is being built (issue 11).");

    public async Task<SearchHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        await IsHealthyAsync(cancellationToken) ? new(true, "Elasticsearch answers.") : new(false, "Elasticsearch does not answer.");

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = Request(HttpMethod.Get, "");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's timeout.
            return false;
        }
    }

    private async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (Ready.ContainsKey(_readyKey))
        {
            return;
        }
        var gate = ReadyGates.GetOrAdd(_readyKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Ready.ContainsKey(_readyKey))
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
                await UpdateAliasesAsync([new AliasAction.Add(read[^1], _index.WriteAlias, IsWriteIndex: true)], cancellationToken);
            }
            else if (read.Count == 0)
            {
                await UpdateAliasesAsync([new AliasAction.Add(write[^1], _index.ReadAlias)], cancellationToken);
            }
            Ready[_readyKey] = true;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task CreateFirstIndexAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateIndexAsync([(_index.ReadAlias, false), (_index.WriteAlias, true)], cancellationToken);
        }
        catch (ElasticsearchException)
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
        await SendAsync(HttpMethod.Put, Uri.EscapeDataString(name), Json(ElasticsearchIndex.CreateIndexBody(aliases)), "create index", cancellationToken);
        return name;
    }

    private async Task UpdateAliasesAsync(IEnumerable<AliasAction> actions, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, "_aliases", Json(ElasticsearchRequests.Aliases(actions)), "update aliases", cancellationToken);

    private async Task<IReadOnlyList<string>> AliasIndicesAsync(string alias, CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Get, $"_alias/{Uri.EscapeDataString(alias)}", null, "get alias", cancellationToken, allowNotFound: true);
        return body is null ? [] : ElasticsearchResponses.ReadAliasIndices(body);
    }

    /// <summary>Sends a request and returns the body of a 2xx answer; throws <see cref="ElasticsearchException"/>
    /// with Elasticsearch's reason otherwise.</summary>
    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, string operation, CancellationToken cancellationToken) =>
        (await SendAsync(method, path, content, operation, cancellationToken, allowNotFound: false))!;

    /// <summary>As above, and null for a 404 when <paramref name="allowNotFound"/>.</summary>
    private async Task<string?> SendAsync(HttpMethod method, string path, HttpContent? content, string operation, CancellationToken cancellationToken, bool allowNotFound)
    {
        using var request = Request(method, path);
        request.Content = content;
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var error = ElasticsearchResponses.ReadError(response.StatusCode, operation, body);
        if (error.ErrorType == "index_not_found_exception")
        {
            // Someone deleted the index or an alias: check again on the next request.
            Ready.TryRemove(_readyKey, out _);
        }
        throw error;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseAddress, path));
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", _apiKey);
        }
        return request;
    }

    private static StringContent Json(JsonNode body) => Content(ElasticsearchRequests.Serialize(body), "application/json");

    private static StringContent Content(string text, string mediaType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
