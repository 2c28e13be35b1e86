namespace ChildForum.Core.Search;

/// <summary>One piece of a parsed query: a word, a <c>"phrase"</c> or a <c>prefix*</c>.</summary>
public sealed record SearchTerm(string Text, bool IsPhrase = false, bool IsPrefix = false);

/// <summary>Terms joined by OR; a clause matches when any of its terms does.</summary>
public sealed record SearchClause(IReadOnlyList<SearchTerm> AnyOf);

/// <summary>The parsed form of the contract's query syntax: every <see cref="Required"/> clause must match, no
/// <see cref="Excluded"/> term may. Backends build their own queries from this; a user's text never reaches them raw.</summary>
public sealed record ParsedQuery(IReadOnlyList<SearchClause> Required, IReadOnlyList<SearchTerm> Excluded)
{
    public bool IsEmpty => Required.Count == 0;

    /// <summary>Every positive term, for highlighting.</summary>
    public IEnumerable<SearchTerm> PositiveTerms => Required.SelectMany(c => c.AnyOf);
}

public static class SearchSorts
{
    public const string Relevance = "relevance";
    public const string Date = "date";
}

/// <summary>What a backend is asked. Permission is part of the request: a document is visible when its group is in
/// <see cref="ReaderGroups"/> and its audience is readers, or its group is in <see cref="FacilitatorGroups"/>.</summary>
public sealed record SearchRequest(
    ParsedQuery Query,
    IReadOnlySet<int> ReaderGroups,
    IReadOnlySet<int> FacilitatorGroups,
    string? Type = null,
    int? Group = null,
    string? Stakeholder = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Language = null,
    string Sort = SearchSorts.Relevance,
    int Page = 1,
    int PageSize = 20);

/// <summary>A hit. <see cref="Snippet"/> is HTML: matched terms in <c>&lt;mark&gt;</c>, everything else escaped.</summary>
public sealed record SearchHit(string Key, string Type, string Id, int GroupId, string Title, string Url, string Snippet, DateTimeOffset Date, string Language)
{
    /// <summary>The stakeholder types of the people whose words these are (never their names: Chatham House).</summary>
    public IReadOnlyList<string> Stakeholders { get; init; } = [];

    /// <summary>The hit's link with its group's current slug in place of <c>{group}</c> (indexed links name no slug, so
    /// that renaming a group needs no reindex).</summary>
    public string UrlIn(string groupSlug) => Url.Replace("{group}", groupSlug, StringComparison.Ordinal);
}

/// <summary>What /health says about the search engine: whether it answers, and a sentence for operators (cluster name,
/// status and nodes for Elasticsearch; the index folder's document count for Lucene).</summary>
public sealed record SearchHealth(bool Healthy, string Description, IReadOnlyDictionary<string, object>? Data = null);

/// <summary>The search engine cannot be reached (a cluster down, timing out or refusing our credentials). Search answers
/// 503 with a problem detail; the indexer leaves the outbox as it is and tries again, so nothing is lost.</summary>
public sealed class SearchUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>Facet counts over every visible match (not only the page): type, group id, stakeholder type, year.</summary>
public sealed record SearchFacets(
    IReadOnlyDictionary<string, long> Type,
    IReadOnlyDictionary<int, long> Group,
    IReadOnlyDictionary<string, long> Stakeholder,
    IReadOnlyDictionary<string, long> Year);

public sealed record SearchResult(long Total, IReadOnlyList<SearchHit> Hits, SearchFacets Facets);

/// <summary>A search engine behind the one contract: Lucene.NET embedded, or Elasticsearch over its REST API.</summary>
public interface ISearchBackend
{
    /// <summary>Replaces every document of the given parents with <paramref name="documents"/> (which all belong to
    /// those parents; a parent with no documents is removed). Idempotent; durable when it returns.</summary>
    Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken);

    Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken);

    /// <summary>Starts an empty index for a full rebuild. Elasticsearch builds it beside the live one and
    /// <see cref="CompleteRebuildAsync"/> swaps the alias; Lucene empties its index.</summary>
    Task BeginRebuildAsync(CancellationToken cancellationToken);

    Task CompleteRebuildAsync(CancellationToken cancellationToken);

    /// <summary>Whether everything must be indexed again: the index is empty, or was built by an earlier layout of this
    /// backend (fields or analysis that changed since, e.g. before Traditional and Simplified Chinese were folded
    /// together), whose terms would not match today's queries. The indexer asks at start and rebuilds.</summary>
    Task<bool> NeedsRebuildAsync(CancellationToken cancellationToken);

    /// <summary>How many documents the index holds (all of them, no permission filter: for administrators and start-up).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every visible match of <paramref name="request"/> (its page and page size are ignored), in its sort order,
    /// at most <paramref name="limit"/>, streamed: for researchers' exports (<c>GET /api/v1/search/export</c>). The same
    /// permission filter as <see cref="SearchAsync"/>; no result window beyond <paramref name="limit"/>.</summary>
    IAsyncEnumerable<SearchHit> ExportAsync(SearchRequest request, int limit, CancellationToken cancellationToken);

    /// <summary>Reachable and ready, for /health. Never throws: an unreachable engine is <c>Healthy = false</c>.</summary>
    Task<SearchHealth> CheckHealthAsync(CancellationToken cancellationToken);
}
