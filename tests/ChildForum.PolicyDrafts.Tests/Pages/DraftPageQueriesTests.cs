using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Pages;

/// <summary>The database commands of the draft reader page read by a signed-in member (never from the page cache): a fixed
/// handful however many versions, comments, replies, amendments and positions the draft has, so that a query added to the
/// page, or one per item, shows here rather than only as a slower benchmark.</summary>
public abstract class DraftPageQueriesTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>The draft and the reader's access to its group (membership), the versions' list (their bodies only when a
    /// version is not parsed yet: not once warm), the comments, the organisations' positions, the open amendments'
    /// paragraphs, everyone these name with their organisations and the reader's own (one load), the annexes (files module)
    /// and the unread notifications of the layout. It was 18 before the page read each of these once (the version shown
    /// three times, every commented version again, people five times).</summary>
    private const int Budget = 9;

    [SkippableFact]
    public async Task The_draft_page_costs_a_fixed_small_number_of_queries_however_much_the_draft_holds()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        await AddFeedbackAsync(scene, facilitator, cso, official, version: 1);

        using var browser = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var counter = new RequestQueryCounter(App.Services);
        var page = $"/groups/{scene.Group.Slug}/drafts/{scene.Id}";
        await AssertWithinBudgetAsync(counter, browser.Client, [page], "a version with a little feedback");

        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody.Replace("spotting neglect", "spotting neglect and abuse", StringComparison.Ordinal));
        await AddFeedbackAsync(scene, facilitator, cso, official, version: 2);
        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody.Replace("other work.", "other work, paid for it.", StringComparison.Ordinal));
        await AddFeedbackAsync(scene, facilitator, cso, official, version: 3);
        await official.StatePositionAsync(scene.Id, "oppose", "Not yet.");
        await facilitator.StatePositionAsync(scene.Id, "support");

        await AssertWithinBudgetAsync(counter, browser.Client, [page, $"{page}?version=1", $"{page}?version=2"],
            "three versions, outdated comments, replies, amendments and positions");
    }

    private static async Task AssertWithinBudgetAsync(RequestQueryCounter counter, HttpClient client, IReadOnlyList<string> pages, string what)
    {
        foreach (var page in pages)
        {
            await client.GetAsync(page); // warm: the first reading of a version parses it once per site
            var fewest = int.MaxValue;
            var statements = new List<string>();
            for (var i = 0; i < 3; i++) // the fewest of three: some checks are cached for a second per node
            {
                var seen = new List<string>();
                var count = await counter.QueriesOfAsync(client, page, sql =>
                {
                    lock (seen)
                    {
                        seen.Add(sql);
                    }
                    return true;
                });
                if (count < fewest)
                {
                    (fewest, statements) = (count, seen);
                }
            }
            Assert.True(fewest <= Budget, $"{page} with {what}: {fewest} commands (budget {Budget}):\n" + string.Join("\n---\n", statements));
        }
    }

    /// <summary>On <paramref name="version"/>: comments on two paragraphs, a reply, and two open amendments.</summary>
    private static async Task AddFeedbackAsync(DraftScene scene, HttpClient facilitator, HttpClient cso, HttpClient official, int version)
    {
        var first = await cso.AnchorAsync(scene.Id, 1);
        var second = await cso.AnchorAsync(scene.Id, 2);
        var comment = await cso.CommentAsync(scene.Id, version, first, $"On version {version}.");
        await facilitator.CommentAsync(scene.Id, version, first, "A reply.", comment.Id);
        await official.CommentAsync(scene.Id, version, second, $"Also on version {version}.");
        await cso.ProposeAsync(scene.Id, version, await cso.AnchorAsync(scene.Id, 3), $"A worried child director calls the station ({version}).");
        await official.ProposeAsync(scene.Id, version, await cso.AnchorAsync(scene.Id, 4), $"Directors do the role next to other work ({version}).");
        await cso.StatePositionAsync(scene.Id, version == 1 ? "support" : "abstain");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DraftPageQueriesTestsOnSqlite(SqliteAppFixture fixture) : DraftPageQueriesTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DraftPageQueriesTestsOnPostgres(PostgresAppFixture fixture) : DraftPageQueriesTests(fixture);
