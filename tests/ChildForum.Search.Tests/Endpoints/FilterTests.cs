using System.Globalization;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Endpoints;

/// <summary>The search parameters through the API: type, stakeholder, from/to, sort=date, pages; facets over every page.</summary>
public abstract class FilterTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>A thread opened by the facilitator (an organisation of type cso), three replies by cso and two by official
    /// (government), each holding the returned word: 7 hits.</summary>
    private async Task<(SearchScene Scene, string Word)> DiscussionAsync()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var word = Words.New();
        var thread = await facilitator.StartThreadAsync(scene.Id, Unique.Name("Thread"), $"Opening, {word}.");
        foreach (var i in Enumerable.Range(1, 3))
        {
            await cso.PostMessageAsync(thread.Id, $"Reply {i} from a centre, {word}.");
        }
        foreach (var i in Enumerable.Range(1, 2))
        {
            await official.PostMessageAsync(thread.Id, $"Reply {i} from the bureau, {word}.");
        }
        await cso.SearchUntilFoundAsync(SearchApi.Url(word), count: 7);
        return (scene, word);
    }

    [SkippableFact]
    public async Task Type_and_stakeholder_filters_and_their_facets()
    {
        var (_, word) = await DiscussionAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var all = await cso.SearchAsync(word);
        var messages = await cso.SearchAsync(word, ("type", "message"));
        var threads = await cso.SearchAsync(word, ("type", "thread"));
        var government = await cso.SearchAsync(word, ("stakeholder", "government"));
        var governmentThreads = await cso.SearchAsync(word, ("stakeholder", "government"), ("type", "thread"));

        Assert.Equal(new Dictionary<string, long> { ["thread"] = 1, ["message"] = 6 }, all.Facets.Type);
        Assert.Equal(new Dictionary<string, long> { ["cso"] = 5, ["government"] = 2 }, all.Facets.Stakeholder);
        Assert.Equal(6, messages.Total);
        Assert.All(messages.Items, i => Assert.Equal("message", i.Type));
        Assert.Equal("thread", Assert.Single(threads.Items).Type);
        Assert.Equal(2, government.Total);
        Assert.Equal(new Dictionary<string, long> { ["government"] = 2 }, government.Facets.Stakeholder);
        Assert.Equal(0, governmentThreads.Total);
        Assert.Equal(0, (await cso.SearchAsync(word, ("stakeholder", "business"))).Total);
    }

    [SkippableFact]
    public async Task Date_filters_take_whole_days()
    {
        var (_, word) = await DiscussionAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var today = DateTime.UtcNow.Date;
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.Equal(7, (await cso.SearchAsync(word, ("from", Day(-1)), ("to", Day(1)))).Total);
        Assert.Equal(7, (await cso.SearchAsync(word, ("from", Day(-1)))).Total);
        Assert.Equal(7, (await cso.SearchAsync(word, ("to", Day(1)))).Total);
        Assert.Equal(0, (await cso.SearchAsync(word, ("from", Day(2)))).Total);
        Assert.Equal(0, (await cso.SearchAsync(word, ("to", Day(-2)))).Total);
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(new Dictionary<string, long> { [year] = 7 }, (await cso.SearchAsync(word)).Facets.Year);
    }

    [SkippableFact]
    public async Task Pages_hold_different_items_the_same_total_and_facets_of_every_page()
    {
        var (scene, word) = await DiscussionAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        foreach (var sort in new[] { "relevance", "date" })
        {
            var pages = new List<SearchResultJson>();
            foreach (var page in new[] { 1, 2, 3, 4 })
            {
                pages.Add(await cso.SearchAsync(word, ("pageSize", "3"), ("page", page.ToString(CultureInfo.InvariantCulture)), ("sort", sort)));
            }

            Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Items.Count));
            Assert.All(pages, p => Assert.Equal(7, p.Total));
            Assert.Equal([1, 2, 3, 4], pages.Select(p => p.Page));
            Assert.All(pages, p => Assert.Equal(3, p.PageSize));
            Assert.All(pages, p => Assert.Equal(new Dictionary<string, long> { [scene.Slug] = 7 }, p.Facets.Group));
            Assert.All(pages, p => Assert.Equal(new Dictionary<string, long> { ["thread"] = 1, ["message"] = 6 }, p.Facets.Type));
            var items = pages.SelectMany(p => p.Items).ToList();
            Assert.Equal(7, items.Select(i => i.Type + " " + i.Url).Distinct().Count());
            if (sort == "date")
            {
                Assert.Equal(items.Select(i => i.Date).OrderDescending(), items.Select(i => i.Date));
            }
        }
    }

    [SkippableFact]
    public async Task Draft_counts_under_the_stakeholder_type_of_its_author()
    {
        // SearchDocument.Stakeholders: "stakeholder types of the people whose words these are (author, speakers)". The demo
        // facilitator's organisation (ChildForum Secretariat) is a cso; a draft's words are its version's author's.
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var word = Words.New();
        await facilitator.CreateDraftAsync(scene.Id, Unique.Name("Recommendation"), $"A paragraph, {word}.");
        var all = await facilitator.SearchUntilFoundAsync(SearchApi.Url(word), count: 1);

        var cso = await facilitator.SearchAsync(word, ("stakeholder", "cso"));

        Assert.True(cso.Total == 1 && all.Facets.Stakeholder.GetValueOrDefault("cso") == 1,
            $"A draft by a cso author should be found with stakeholder=cso and counted in the stakeholder facet; stakeholder=cso found {cso.Total}, facets: {SearchApi.Describe(all)}");
    }
}

[Collection(SearchSqliteFixture.Collection)]
public sealed class FilterTestsOnSqlite(SearchSqliteFixture fixture) : FilterTests(fixture);

[Collection(SearchPostgresFixture.Collection)]
public sealed class FilterTestsOnPostgres(SearchPostgresFixture fixture) : FilterTests(fixture);
