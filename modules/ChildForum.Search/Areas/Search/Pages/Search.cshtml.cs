using ChildForum.Core.Http;
using ChildForum.Core.Http.PageCaching;
using ChildForum.Core.Security;
using ChildForum.Search.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Search.Areas.Search.Pages;

/// <summary>The search page: a plain GET form (shareable URLs, works without script), facets as links that add a
/// filter, highlighted snippets that link to the exact paragraph, agenda item, minutes or message.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[RenderedEachTime]
public sealed class SearchModel(SearchService search, AccessRule rule, IStringLocalizer<SearchResource> t, IOptions<SearchOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stakeholder { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>Read from the query string: "page" is a reserved route value in Razor Pages, so it cannot be bound.</summary>
    public string? PageNumber { get; private set; }

    public SearchResponseDto? Result { get; private set; }
    public Validation? Errors { get; private set; }

    /// <summary>The search engine did not answer: the page says so (503) instead of showing an error page.</summary>
    public string? Unavailable { get; private set; }
    public IReadOnlyList<GroupAccess> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Groups = await rule.ReadableGroupsAsync(User, cancellationToken);
        PageNumber = Request.Query["page"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(Q))
        {
            return;
        }
        var outcome = await search.SearchAsync(User, new SearchParameters(Q, Type, Group, Stakeholder, From, To, Lang, Sort, PageNumber, null), cancellationToken);
        if (outcome.Succeeded)
        {
            Result = outcome.Value;
        }
        else if (outcome.Status == OutcomeStatus.Unavailable)
        {
            Unavailable = t[outcome.Message!];
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            if (outcome.RetryAfter is { } retryAfter)
            {
                Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else
        {
            Errors = outcome.Validation;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public string? Error(string field) => Errors?.ToDictionary(t).TryGetValue(field, out var errors) == true ? string.Join(" ", errors) : null;

    /// <summary>This search's URL with one parameter changed (null removes it); changing a filter returns to page 1.</summary>
    public string With(string name, string? value)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Q, ["type"] = Type, ["group"] = Group, ["stakeholder"] = Stakeholder, ["from"] = From, ["to"] = To, ["lang"] = Lang, ["sort"] = Sort,
            ["page"] = name == "page" ? PageNumber : null,
        };
        values[name] = value;
        return "/search" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).ToUriComponent();
    }

    /// <summary>The year the from/to filters cover exactly, if they do.</summary>
    public string? SelectedYear => From is { Length: 10 } from && from.EndsWith("-01-01", StringComparison.Ordinal) && To == from[..4] + "-12-31" ? from[..4] : null;

    /// <summary>A facet link: "year" sets from and to; null removes the filter.</summary>
    public string WithFilter(string parameter, string? value)
    {
        if (parameter != "year")
        {
            return With(parameter, value);
        }
        var (from, to) = (From, To);
        (From, To) = value is null ? (null, null) : (value + "-01-01", value + "-12-31");
        var url = With("page", null);
        (From, To) = (from, to);
        return url;
    }

    public string TypeLabel(string type) => type switch
    {
        "thread" => t["Discussion"],
        "message" => t["Message"],
        "draft" => t["Policy draft"],
        "meeting" => t["Meeting agenda"],
        "minutes" => t["Minutes"],
        "document" => t["Document"],
        _ => type,
    };

    public string StakeholderLabel(string type) => type switch
    {
        "cso" => t["Civil society"],
        "university" => t["Universities"],
        "business" => t["Business"],
        "government" => t["Government"],
        _ => type,
    };

    /// <summary>The most rows an export holds (<see cref="SearchOptions.ExportLimit"/>).</summary>
    public int ExportLimit => options.Value.ExportLimit;

    /// <summary>This search as a file (<c>GET /api/v1/search/export</c>): the same parameters, without the page.</summary>
    public string ExportUrl(string format)
    {
        var values = new Dictionary<string, string?>
        {
            ["format"] = format, ["q"] = Q, ["type"] = Type, ["group"] = Group, ["stakeholder"] = Stakeholder, ["from"] = From, ["to"] = To, ["lang"] = Lang, ["sort"] = Sort,
        };
        return "/api/v1/search/export" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value))).ToUriComponent();
    }

    public string GroupName(string slug) => Groups.FirstOrDefault(g => g.Slug == slug)?.Name ?? slug;
}

/// <summary>One facet: its values with labels and counts, and which value is selected.</summary>
public sealed record FacetView(SearchModel Page, string Title, string Parameter, string? Selected, IReadOnlyDictionary<string, (string Label, long Count)> Values);
