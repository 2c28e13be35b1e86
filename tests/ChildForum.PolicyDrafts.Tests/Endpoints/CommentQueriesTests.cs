using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>The database commands of GET /api/v1/drafts/{id}/comments: the same number however many versions have
/// comments, so that reading each commented version on its own (one command per version) shows here.</summary>
public abstract class CommentQueriesTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Listing_comments_costs_the_same_commands_for_five_commented_versions_as_for_two()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var counter = new RequestQueryCounter(App.Services);
        var comments = $"/api/v1/drafts/{scene.Id}/comments";

        await AddCommentedVersionsAsync(scene, facilitator, cso, official, 1, 2);
        var (two, twoStatements) = await FewestAsync(counter, cso, comments);

        await AddCommentedVersionsAsync(scene, facilitator, cso, official, 3, 5);
        var (five, fiveStatements) = await FewestAsync(counter, cso, comments);

        Assert.True(two == five, $"Comments on 2 versions: {two} commands; on 5 versions: {five}.\n" +
            $"With 2:\n{string.Join("\n---\n", twoStatements)}\n\nWith 5:\n{string.Join("\n---\n", fiveStatements)}");
        var (older, _) = await FewestAsync(counter, cso, $"{comments}?version=2");
        Assert.Equal(five, older);
    }

    /// <summary>Versions <paramref name="from"/> to <paramref name="to"/> (version 1 is the scene's own), each with a comment
    /// on a paragraph that stays, a reply to it, and a comment on the paragraph that the next version changes.</summary>
    private static async Task AddCommentedVersionsAsync(DraftScene scene, HttpClient facilitator, HttpClient cso, HttpClient official, int from, int to)
    {
        for (var version = from; version <= to; version++)
        {
            if (version > 1)
            {
                await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody.Replace("other work.", $"other work ({version}).", StringComparison.Ordinal));
            }
            var kept = await cso.AnchorAsync(scene.Id, 1);
            var changing = await cso.AnchorAsync(scene.Id, 4);
            var comment = await cso.CommentAsync(scene.Id, version, kept, $"On version {version}.");
            await facilitator.CommentAsync(scene.Id, version, kept, "A reply.", comment.Id);
            await official.CommentAsync(scene.Id, version, changing, $"On the last paragraph of version {version}.");
        }
    }

    /// <summary>The fewest commands of three readings after a warm one (the first reading of a version parses it once per
    /// site; some access checks are cached for a second), with their SQL.</summary>
    private static async Task<(int Count, List<string> Statements)> FewestAsync(RequestQueryCounter counter, HttpClient client, string url)
    {
        (await client.GetAsync(url)).Dispose();
        var fewest = (Count: int.MaxValue, Statements: new List<string>());
        for (var i = 0; i < 3; i++)
        {
            var seen = new List<string>();
            var count = await counter.QueriesOfAsync(client, url, sql =>
            {
                lock (seen)
                {
                    seen.Add(sql);
                }
                return true;
            });
            if (count < fewest.Count)
            {
                fewest = (count, seen);
            }
        }
        return fewest;
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class CommentQueriesTestsOnSqlite(SqliteAppFixture fixture) : CommentQueriesTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class CommentQueriesTestsOnPostgres(PostgresAppFixture fixture) : CommentQueriesTests(fixture);
