using System.Net;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Endpoints;

/// <summary>The administrators' rebuild (<c>POST /api/v1/search/rebuild</c>, progress at <c>GET</c>): it empties the index,
/// indexes everything again from the database, and search finds the same content afterwards.</summary>
public abstract class RebuildTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>A rebuild indexes the whole database; it is not bound by the 2 s of newly published content.</summary>
    private static readonly TimeSpan RebuildPatience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Rebuild_by_an_administrator_is_accepted_finishes_and_search_still_finds_everything()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var anonymous = App.CreateAnonymousClient();
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var scene = await App.NewSearchSceneAsync();
        var word = Words.New();
        using (var facilitator = await App.ClientForAsync(DemoUsers.Facilitator))
        {
            await facilitator.StartThreadAsync(scene.Id, Unique.Name("Thread"), $"Before the rebuild, {word}.");
        }
        await member.SearchUntilFoundAsync(SearchApi.Url(word), count: 2);
        var demoBefore = await anonymous.SearchUntilFoundAsync(SearchApi.Url("directors"));

        using var started = await admin.PostAsync("/api/v1/search/rebuild", null);

        var accepted = await started.ReadJsonAsync<RebuildStatusJson>(HttpStatusCode.Accepted);
        Assert.NotNull(accepted.StartedAt);
        Assert.InRange(accepted.Done, 0, 1);
        RebuildStatusJson status = accepted;
        await SearchApi.EventuallyAsync(async () =>
        {
            using var response = await admin.GetAsync("/api/v1/search/rebuild");
            status = await response.ReadJsonAsync<RebuildStatusJson>();
            return !status.Running;
        }, "the rebuild to finish (running: false)", RebuildPatience);
        Assert.Equal((0L, 1.0), (status.Remaining, status.Done));
        Assert.True(status.Total > 0, $"A rebuild of the demo site queued {status.Total} items.");
        Assert.NotNull(status.FinishedAt);
        Assert.True(status.FinishedAt >= status.StartedAt);
        var demoAfter = await anonymous.SearchAsync("directors");
        Assert.Equal(demoBefore.Total, demoAfter.Total);
        Assert.Equal(demoBefore.Facets.Type, demoAfter.Facets.Type);
        Assert.Equal(2, (await member.SearchAsync(word)).Total);
        Assert.Equal(0, (await anonymous.SearchAsync(word)).Total);
    }

    [SkippableFact]
    public async Task Rebuild_is_for_administrators_only()
    {
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();

        foreach (var client in new[] { member, facilitator })
        {
            using var post = await client.PostAsync("/api/v1/search/rebuild", null);
            await post.ReadProblemAsync(HttpStatusCode.Forbidden);
            using var get = await client.GetAsync("/api/v1/search/rebuild");
            await get.ReadProblemAsync(HttpStatusCode.Forbidden);
        }
        using var anonymousPost = await anonymous.PostAsync("/api/v1/search/rebuild", null);
        await anonymousPost.ReadProblemAsync(HttpStatusCode.Unauthorized);
        using var anonymousGet = await anonymous.GetAsync("/api/v1/search/rebuild");
        await anonymousGet.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}

[Collection(SearchSqliteFixture.Collection)]
public sealed class RebuildTestsOnSqlite(SearchSqliteFixture fixture) : RebuildTests(fixture);

[Collection(SearchPostgresFixture.Collection)]
public sealed class RebuildTestsOnPostgres(SearchPostgresFixture fixture) : RebuildTests(fixture);
