using ChildForum.Core.Search;
using ChildForum.Search.Syntax;

namespace ChildForum.Search.Tests.Conformance;

/// <summary><see cref="ISearchBackend.ExportAsync"/>: every visible match, in the search's order, at most the limit, read
/// in several steps (more matches than one step of an engine holds: both engines read about 1,000 per step).</summary>
public abstract partial class BackendConformanceTests
{
    /// <summary>More than two steps of 1,000.</summary>
    private const int ManyMatches = 2_345;

    /// <summary><paramref name="count"/> documents of <see cref="Group"/> holding "harvest", one minute apart (the newest
    /// last), keys <c>h0000</c>…, plus the same number of the word in another group and for facilitators only.</summary>
    private async Task IndexManyAsync(int count)
    {
        var visible = Enumerable.Range(0, count).Select(i => Doc($"h{i:0000}", $"Harvest festival report number {i}.", date: BaseDate.AddMinutes(i), stakeholders: i % 2 == 0 ? ["cso"] : ["cso", "government"]));
        var hidden = new[]
        {
            Doc("other-group", "Harvest in another group.", group: OtherGroup),
            Doc("facilitators", "Harvest agenda for facilitators.", audience: SearchAudiences.Facilitators),
        };
        await IndexAsync([.. visible, .. hidden]);
    }

    protected async Task<List<SearchHit>> ExportAsync(string q, int limit = 100_000, Func<SearchRequest, SearchRequest>? request = null)
    {
        var basic = new SearchRequest(SearchQueryParser.Parse(q), new HashSet<int> { Group }, new HashSet<int>());
        var hits = new List<SearchHit>();
        await foreach (var hit in Backend.ExportAsync(request is null ? basic : request(basic), limit, CancellationToken.None))
        {
            hits.Add(hit);
        }
        return hits;
    }

    [SkippableFact]
    public async Task Export_by_date_gives_every_visible_match_newest_first_across_several_steps()
    {
        await IndexManyAsync(ManyMatches);

        var hits = await ExportAsync("harvest", request: r => r with { Sort = SearchSorts.Date });

        Assert.Equal(Enumerable.Range(0, ManyMatches).Reverse().Select(i => $"h{i:0000}"), hits.Select(h => h.Key));
        var first = hits[0];
        Assert.Equal((SearchTypes.Message, Group, "Note", BaseDate.AddMinutes(ManyMatches - 1), "en"), (first.Type, first.GroupId, first.Title, first.Date, first.Language));
        Assert.Equal(["cso"], first.Stakeholders);
        Assert.Equal(["cso", "government"], hits[1].Stakeholders.Order(StringComparer.Ordinal));
        Assert.All(hits, h => Assert.Contains("<mark>Harvest</mark>", h.Snippet, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Export_by_relevance_gives_every_visible_match_best_first()
    {
        await IndexManyAsync(ManyMatches);
        await IndexAsync(Doc("best", "Harvest, harvest, harvest: the harvest."));

        var hits = await ExportAsync("harvest");

        Assert.Equal("best", hits[0].Key);
        Assert.Equal(ManyMatches + 1, hits.Select(h => h.Key).Distinct().Count());
        Assert.DoesNotContain(hits, h => h.Key is "other-group" or "facilitators");
    }

    [SkippableFact]
    public async Task Export_stops_at_the_limit_with_the_first_matches_in_order()
    {
        await IndexManyAsync(ManyMatches);

        var limited = await ExportAsync("harvest", limit: 1_500, r => r with { Sort = SearchSorts.Date });
        var one = await ExportAsync("harvest", limit: 1, r => r with { Sort = SearchSorts.Date });

        Assert.Equal(Enumerable.Range(0, ManyMatches).Reverse().Take(1_500).Select(i => $"h{i:0000}"), limited.Select(h => h.Key));
        Assert.Equal($"h{ManyMatches - 1:0000}", Assert.Single(one).Key);
        Assert.Empty(await ExportAsync("harvest", limit: 0));
    }

    [SkippableFact]
    public async Task Export_holds_the_permission_filter_and_the_request_filters()
    {
        await IndexManyAsync(10);

        var facilitator = await ExportAsync("harvest", request: r => r with { FacilitatorGroups = Groups(Group) });
        var otherReader = await ExportAsync("harvest", request: r => r with { ReaderGroups = Groups(OtherGroup) });
        var nobody = await ExportAsync("harvest", request: r => r with { ReaderGroups = Groups(), FacilitatorGroups = Groups() });
        var government = await ExportAsync("harvest", request: r => r with { Stakeholder = "government" });
        var range = await ExportAsync("harvest", request: r => r with { From = BaseDate.AddMinutes(3), To = BaseDate.AddMinutes(5) });

        Assert.Contains(facilitator, h => h.Key == "facilitators");
        Assert.DoesNotContain(facilitator, h => h.Key == "other-group");
        Assert.Equal(["other-group"], otherReader.Select(h => h.Key));
        Assert.Empty(nobody);
        Assert.Equal(["h0001", "h0003", "h0005", "h0007", "h0009"], government.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["h0003", "h0004", "h0005"], range.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await ExportAsync("harvest", request: r => r with { Type = SearchTypes.Draft }));
        Assert.Empty(await ExportAsync("-harvest"));
        Assert.Empty(await ExportAsync("xylophone"));
    }

    [SkippableFact]
    public async Task Export_gives_the_same_hits_as_the_search_pages()
    {
        await IndexManyAsync(250);

        var exported = await ExportAsync("harvest", request: r => r with { Sort = SearchSorts.Date });
        var paged = new List<SearchHit>();
        for (var page = 1; page <= 3; page++)
        {
            paged.AddRange((await SearchAsync("harvest", r => r with { Sort = SearchSorts.Date, Page = page }, pageSize: 100)).Hits);
        }

        Assert.Equal(paged.Select(h => (h.Key, h.Snippet, h.Url, h.Date)), exported.Select(h => (h.Key, h.Snippet, h.Url, h.Date)));
    }
}
