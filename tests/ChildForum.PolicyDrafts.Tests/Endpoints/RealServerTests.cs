using System.Net;
using System.Text;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>The 1 MB limit of a draft's text on Kestrel, which enforces request size limits: a JSON client escapes
/// newlines and (by default in .NET) every non-ASCII character, so a 1 MB draft is a request of 1 to 6 MB, and must
/// still be accepted; the 1 MB of the rest of the API must not apply to it.</summary>
public abstract class RealServerTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const int OneMegabyte = 1024 * 1024;

    /// <summary>Paragraphs of Chinese text, <paramref name="paragraphs"/> of 198 characters (about 600 bytes each).</summary>
    private static string ChineseText(int paragraphs) => string.Join("\n\n", Enumerable.Repeat(new string('童', 198), paragraphs));

    [SkippableFact]
    public async Task Chinese_draft_just_under_1_MB_is_accepted_although_its_json_is_twice_as_long()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var body = ChineseText(1_750);
        Assert.InRange(Encoding.UTF8.GetByteCount(body), OneMegabyte - 10_000, OneMegabyte);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, body);

        var draft = await response.ReadJsonAsync<DraftSummaryJson>(HttpStatusCode.Created);
        Assert.Equal(body, (await facilitator.DraftAsync(draft.Id)).Body);
    }

    [SkippableFact]
    public async Task Version_and_amendment_near_1_MB_are_accepted()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody + "\n\n" + ChineseText(1_650));
        var amendment = await cso.ProposeAsync(scene.Id, 2, await cso.AnchorAsync(scene.Id, 4), new string('改', 20_000));

        Assert.Equal("open", amendment.Status);
    }

    [SkippableFact]
    public async Task Draft_over_1_MB_is_413_problem_details()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, ChineseText(1_800));

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [SkippableFact]
    public async Task Request_of_many_megabytes_is_413_problem_details_not_a_reset_connection()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, ChineseText(5_000));

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}

[Collection(SqliteKestrelFixture.Collection)]
public sealed class RealServerTestsOnSqlite(SqliteKestrelFixture fixture) : RealServerTests(fixture);

[Collection(PostgresKestrelFixture.Collection)]
public sealed class RealServerTestsOnPostgres(PostgresKestrelFixture fixture) : RealServerTests(fixture);
