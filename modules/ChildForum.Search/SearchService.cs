using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Organisations;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Search.Export;
using ChildForum.Search.Syntax;
using Microsoft.Extensions.Options;

namespace ChildForum.Search;

public sealed record SearchGroupDto(int Id, string Slug, string Name);

public sealed record SearchItemDto(string Type, string Id, string Title, string Url, string Snippet, SearchGroupDto Group, DateTimeOffset Date, string Language);

public sealed record SearchFacetsDto(IReadOnlyDictionary<string, long> Type, IReadOnlyDictionary<string, long> Group, IReadOnlyDictionary<string, long> Stakeholder, IReadOnlyDictionary<string, long> Year);

/// <summary>The contract's search answer.</summary>
public sealed record SearchResponseDto(long Total, int Page, int PageSize, IReadOnlyList<SearchItemDto> Items, SearchFacetsDto Facets);

/// <summary>The query parameters of <c>GET /api/v1/search</c> and the search page, as sent.</summary>
public sealed record SearchParameters(string? Q, string? Type, string? Group, string? Stakeholder, string? From, string? To, string? Lang, string? Sort, string? Page, string? PageSize);

/// <summary>Search for the caller: parses the query, works out which groups they may read (and facilitate), asks the
/// backend, and names the groups of the hits. Nothing the caller may not read reaches totals, facets or snippets,
/// because the backend only ever counts documents inside that permission filter.</summary>
public sealed class SearchService(ISearchBackend backend, AccessRule rule, IOptions<SearchOptions> options)
{
    public const int MaxPageSize = 100;
    public const int MaxPage = 500;

    public async Task<Outcome<SearchResponseDto>> SearchAsync(ClaimsPrincipal user, SearchParameters parameters, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (request, readable) = await ReadAsync(user, parameters, validation, cancellationToken);
        if (request is null)
        {
            return Outcome<SearchResponseDto>.Invalid(validation);
        }
        SearchResult result;
        try
        {
            result = await backend.SearchAsync(request, cancellationToken);
        }
        catch (SearchUnavailableException)
        {
            return Unavailable<SearchResponseDto>();
        }
        var byId = readable.ToDictionary(x => x.GroupId);
        var items = result.Hits.Where(h => byId.ContainsKey(h.GroupId)).Select(h =>
        {
            var group = byId[h.GroupId];
            return new SearchItemDto(h.Type, h.Id, h.Title, h.UrlIn(group.Slug), h.Snippet,
                new SearchGroupDto(group.GroupId, group.Slug, group.Name), h.Date, h.Language);
        }).ToList();
        var facets = new SearchFacetsDto(
            result.Facets.Type,
            result.Facets.Group.Where(x => byId.ContainsKey(x.Key)).ToDictionary(x => byId[x.Key].Slug, x => x.Value),
            result.Facets.Stakeholder,
            result.Facets.Year);
        return Outcome<SearchResponseDto>.Ok(new SearchResponseDto(result.Total, request.Page, request.PageSize, items, facets));
    }

    /// <summary>Every result of a search the caller may read, for <c>GET /api/v1/search/export</c>: the same parameters
    /// and permission filter as <see cref="SearchAsync"/> (its page and page size are not used), at most
    /// <see cref="SearchOptions.ExportLimit"/> rows. The total is asked first, so an engine that does not answer is a 503
    /// before anything is sent; links are made absolute with <paramref name="baseUrl"/>.</summary>
    public async Task<Outcome<SearchExport>> ExportAsync(ClaimsPrincipal user, SearchParameters parameters, string? format, string baseUrl, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (!ExportFormats.TryParse(format, out var exportFormat))
        {
            validation.Add("format", "Choose csv or jsonl.");
        }
        var (request, readable) = await ReadAsync(user, parameters with { Page = null, PageSize = null }, validation, cancellationToken);
        if (request is null || !validation.IsValid)
        {
            return Outcome<SearchExport>.Invalid(validation);
        }
        long total;
        try
        {
            total = (await backend.SearchAsync(request with { PageSize = 1 }, cancellationToken)).Total;
        }
        catch (SearchUnavailableException)
        {
            return Unavailable<SearchExport>();
        }
        var limit = options.Value.ExportLimit;
        var byId = readable.ToDictionary(x => x.GroupId);
        return Outcome<SearchExport>.Ok(new SearchExport(exportFormat, total, limit, Rows(backend.ExportAsync(request, limit, cancellationToken), byId, baseUrl.TrimEnd('/'))));
    }

    private static async IAsyncEnumerable<ExportRow> Rows(IAsyncEnumerable<SearchHit> hits, IReadOnlyDictionary<int, GroupAccess> groups, string baseUrl)
    {
        await foreach (var hit in hits)
        {
            // The backend filtered by these groups already; a group that stopped being readable since is left out.
            if (groups.TryGetValue(hit.GroupId, out var group))
            {
                yield return ExportRow.From(hit, new SearchGroupDto(group.GroupId, group.Slug, group.Name), baseUrl);
            }
        }
    }

    /// <summary>The search request of the parameters for this caller, or null (with the errors in
    /// <paramref name="validation"/>) when one is invalid; and the groups the caller may read, to name the hits' groups.</summary>
    private async Task<(SearchRequest? Request, IReadOnlyList<GroupAccess> Readable)> ReadAsync(ClaimsPrincipal user, SearchParameters parameters, Validation validation, CancellationToken cancellationToken)
    {
        var readable = await rule.ReadableGroupsAsync(user, cancellationToken);
        var type = parameters.Type is { Length: > 0 } t ? t.Trim().ToLowerInvariant() : null;
        if (type is not null && !SearchTypes.All.Contains(type))
        {
            validation.Add("type", "Choose one of: {0}.", string.Join(", ", SearchTypes.All));
        }
        int? groupId = null;
        if (parameters.Group is { Length: > 0 } g)
        {
            // A group the caller may not read is not an error (that would tell them it exists): it just has no results.
            groupId = readable.FirstOrDefault(x => string.Equals(x.Slug, g.Trim(), StringComparison.OrdinalIgnoreCase) || x.GroupId.ToString(CultureInfo.InvariantCulture) == g.Trim())?.GroupId ?? -1;
        }
        string? stakeholder = null;
        if (parameters.Stakeholder is { Length: > 0 } s)
        {
            if (StakeholderTypes.TryParse(s, out var parsed))
            {
                stakeholder = parsed.ToWire();
            }
            else
            {
                validation.Add("stakeholder", "Choose one of: {0}.", "cso, university, business, government");
            }
        }
        var from = Date("from", parameters.From, validation, endOfDay: false);
        var to = Date("to", parameters.To, validation, endOfDay: true);
        var sort = parameters.Sort is { Length: > 0 } so ? so.Trim().ToLowerInvariant() : SearchSorts.Relevance;
        if (sort is not (SearchSorts.Relevance or SearchSorts.Date))
        {
            validation.Add("sort", "Choose relevance or date.");
        }
        var page = Number("page", parameters.Page, 1, 1, MaxPage, validation);
        var pageSize = Number("pageSize", parameters.PageSize, 20, 1, MaxPageSize, validation);
        var lang = parameters.Lang is { Length: > 0 } l ? l.Trim() : null;
        if (lang is not null && (lang.Length > 20 || !lang.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            validation.Add("lang", "Give a language tag such as en or zh-Hans.");
        }
        else if (lang is not null)
        {
            // Tags are case-insensitive (RFC 5646): zh-hans is stored as zh-Hans.
            try
            {
                lang = CultureInfo.GetCultureInfo(lang, predefinedOnly: true).Name is { Length: > 0 } name ? name : lang;
            }
            catch (CultureNotFoundException)
            {
                // An unknown tag matches nothing.
            }
        }
        if (!validation.IsValid)
        {
            return (null, readable);
        }
        var request = new SearchRequest(
            SearchQueryParser.Parse(parameters.Q),
            readable.Select(x => x.GroupId).ToHashSet(),
            readable.Where(x => AccessRule.Allows(x, GroupPermissions.Facilitate)).Select(x => x.GroupId).ToHashSet(),
            type, groupId, stakeholder, from, to, lang, sort, page, pageSize);
        return (request, readable);
    }

    /// <summary>The 503 of a search engine that does not answer (the indexer keeps what changed in the outbox meanwhile).</summary>
    public static Outcome<T> Unavailable<T>() =>
        Outcome<T>.Unavailable("Search is unavailable for a moment: the search engine does not answer. Nothing is lost; try again in a minute.", TimeSpan.FromSeconds(30));

    private static DateTimeOffset? Date(string field, string? value, Validation validation, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var time = endOfDay ? new TimeOnly(23, 59, 59, 999) : TimeOnly.MinValue;
            return new DateTimeOffset(date.ToDateTime(time), TimeSpan.Zero);
        }
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && instant.Year is >= 1900 and <= 2200)
        {
            return instant;
        }
        validation.Add(field, "Write the date as yyyy-MM-dd, for example 2025-12-31.");
        return null;
    }

    private static int Number(string field, string? value, int fallback, int min, int max, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            validation.Add(field, "Give a whole number from {0} to {1}.", min, max);
            return fallback;
        }
        return number;
    }
}
