using System.Net;
using System.Net.Http.Json;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Who reads and who writes. A draft of a members-only group is unknown (404) to everyone outside it, on every
/// route, and the answer never gives away its title or text.</summary>
public abstract class PermissionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>Every read route of a draft with two versions, a comment, an amendment and a position.</summary>
    private static readonly string[] ReadRoutes =
    [
        "/api/v1/groups/{group}/drafts",
        "/api/v1/drafts/{draft}",
        "/api/v1/drafts/{draft}?version=1",
        "/api/v1/drafts/{draft}/versions",
        "/api/v1/drafts/{draft}/versions/1",
        "/api/v1/drafts/{draft}/versions/2",
        "/api/v1/drafts/{draft}/versions/1/markdown",
        "/api/v1/drafts/{draft}/diff?from=1&to=2",
        "/api/v1/drafts/{draft}/comments",
        "/api/v1/drafts/{draft}/comments?version=1",
        "/api/v1/drafts/{draft}/amendments",
        "/api/v1/drafts/{draft}/amendments?status=open",
        "/api/v1/drafts/{draft}/positions",
        "/api/v1/drafts/{draft}/positions/summary",
    ];

    private const string SecretParagraph = "The confidential paragraph about the county budget.";

    private sealed record Arranged(DraftScene Scene, string Title, AmendmentJson Amendment, CommentJson Comment);

    private async Task<Arranged> ArrangeAsync(string visibility)
    {
        var title = Unique.Name("Confidential draft");
        var cast = DraftScene.DefaultCast;
        var group = await App.CreateGroupAsync(visibility, cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var draft = await facilitator.CreateDraftAsync(group.Id, DraftScene.DefaultBody, title);
        await facilitator.AddVersionAsync(draft.Id, DraftScene.DefaultBody + "\n\n" + SecretParagraph);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var comment = await cso.CommentAsync(draft.Id, 2, await cso.AnchorAsync(draft.Id, 5), "A comment on the budget.");
        var amendment = await cso.ProposeAsync(draft.Id, 2, await cso.AnchorAsync(draft.Id, 5), "A proposal about the budget.");
        await cso.StatePositionAsync(draft.Id, "support", "A statement.");
        return new Arranged(new DraftScene(group, draft), title, amendment, comment);
    }

    private static string Url(string route, Arranged arranged) => route
        .Replace("{group}", DraftApi.Id(arranged.Scene.Group.Id), StringComparison.Ordinal)
        .Replace("{draft}", DraftApi.Id(arranged.Scene.Id), StringComparison.Ordinal)
        .Replace("{amendment}", DraftApi.Id(arranged.Amendment.Id), StringComparison.Ordinal)
        .Replace("{comment}", DraftApi.Id(arranged.Comment.Id), StringComparison.Ordinal);

    public static TheoryData<string?> Strangers => [null, DemoUsers.Outsider, DemoUsers.Business];

    [SkippableTheory]
    [MemberData(nameof(Strangers))]
    public async Task Draft_of_a_members_only_group_is_404_on_every_read_route_for_anyone_outside_it_without_its_title(string? user)
    {
        var arranged = await ArrangeAsync("members");
        // business is a member of another members-only group, not of this one.
        await App.CreateGroupAsync("members", (DemoUsers.Business, "member"));
        using var client = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        foreach (var route in ReadRoutes)
        {
            using var response = await client.GetAsync(Url(route, arranged)).WaitAsync(DraftApi.Patience);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(arranged.Title, problem.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("confidential", problem.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("budget", problem.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Researcher)]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Facilitator)]
    [InlineData(DemoUsers.Admin)]
    public async Task Draft_of_a_members_only_group_is_readable_on_every_route_by_its_observers_members_facilitators_and_administrators(string user)
    {
        var arranged = await ArrangeAsync("members");
        using var client = await App.ClientForAsync(user);

        foreach (var route in ReadRoutes)
        {
            using var response = await client.GetAsync(Url(route, arranged)).WaitAsync(DraftApi.Patience);
            await response.AssertStatusAsync(HttpStatusCode.OK);
        }
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData(DemoUsers.Outsider)]
    public async Task Draft_of_a_public_group_is_readable_on_every_route_by_anyone(string? user)
    {
        var arranged = await ArrangeAsync("public");
        using var client = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);

        foreach (var route in ReadRoutes)
        {
            using var response = await client.GetAsync(Url(route, arranged)).WaitAsync(DraftApi.Patience);
            await response.AssertStatusAsync(HttpStatusCode.OK);
        }
        Assert.Equal(arranged.Title, (await client.DraftAsync(arranged.Scene.Id)).Title);
    }

    private static IEnumerable<(string Method, string Route, object Body)> WriteRoutes(Arranged arranged, string anchor) =>
    [
        ("POST", "/api/v1/groups/{group}/drafts", new { title = "New", body = "Text." }),
        ("POST", "/api/v1/drafts/{draft}/versions", new { body = DraftScene.DefaultBody + "\n\nWritten by a stranger.", note = "n" }),
        ("POST", "/api/v1/drafts/{draft}/comments", new { version = 2, anchor, body = "A comment." }),
        ("POST", "/api/v1/drafts/{draft}/comments", new { version = 2, anchor, body = "A reply.", replyToId = arranged.Comment.Id }),
        ("POST", "/api/v1/drafts/{draft}/amendments", new { version = 2, anchor, proposedText = "New text.", rationale = "Why." }),
        ("PUT", "/api/v1/drafts/{draft}/positions", new { stance = "oppose", statement = "No." }),
        ("POST", "/api/v1/drafts/{draft}/status", new { status = "withdrawn" }),
        ("POST", "/api/v1/amendments/{amendment}/accept", new { }),
        ("POST", "/api/v1/amendments/{amendment}/reject", new { reason = "No." }),
    ];

    private async Task AssertWritesAreRefusedAsync(Arranged arranged, HttpClient client, HttpStatusCode expected)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var anchor = await facilitator.AnchorAsync(arranged.Scene.Id, 1);
        foreach (var (method, route, body) in WriteRoutes(arranged, anchor))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Url(route, arranged)) { Content = JsonContent.Create(body) };
            using var response = await client.SendAsync(request).WaitAsync(DraftApi.Patience);
            var problem = await response.ReadProblemAsync(expected);
            Assert.DoesNotContain(arranged.Title, problem.Body, StringComparison.Ordinal);
        }
        var draft = await facilitator.DraftAsync(arranged.Scene.Id);
        Assert.Equal((2, "drafting"), (draft.Version, draft.Status));
        Assert.Single(await facilitator.CommentsAsync(arranged.Scene.Id));
        Assert.Equal(["open"], (await facilitator.AmendmentsAsync(arranged.Scene.Id)).Select(a => a.Status));
        Assert.Equal(["support"], (await facilitator.PositionsAsync(arranged.Scene.Id)).Select(p => p.Stance));
        Assert.Single(await (await facilitator.GetAsync($"/api/v1/groups/{arranged.Scene.Group.Id}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>());
    }

    [SkippableTheory]
    [InlineData("members")]
    [InlineData("public")]
    public async Task Anonymous_writes_are_401_on_every_write_route(string visibility)
    {
        var arranged = await ArrangeAsync(visibility);
        using var anonymous = App.CreateAnonymousClient();

        await AssertWritesAreRefusedAsync(arranged, anonymous, HttpStatusCode.Unauthorized);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Outsider)]
    [InlineData(DemoUsers.Business)]
    public async Task Signed_in_strangers_writing_to_a_members_only_draft_get_404(string user)
    {
        var arranged = await ArrangeAsync("members");
        using var client = await App.ClientForAsync(user);

        await AssertWritesAreRefusedAsync(arranged, client, HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Signed_in_stranger_writing_to_a_public_draft_gets_403()
    {
        var arranged = await ArrangeAsync("public");
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        await AssertWritesAreRefusedAsync(arranged, outsider, HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Observer_reads_but_may_not_write_anything()
    {
        var arranged = await ArrangeAsync("members");
        using var researcher = await App.ClientForAsync(DemoUsers.Researcher);

        await AssertWritesAreRefusedAsync(arranged, researcher, HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Member_comments_amends_and_states_positions_but_may_not_start_drafts_publish_versions_change_status_or_decide()
    {
        var arranged = await ArrangeAsync("members");
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var anchor = await official.AnchorAsync(arranged.Scene.Id, 1);

        using var create = await official.SendCreateDraftAsync(arranged.Scene.Group.Id, "Text.");
        using var version = await official.SendVersionAsync(arranged.Scene.Id, DraftScene.DefaultBody + "\n\nBy a member.");
        using var status = await official.SendStatusAsync(arranged.Scene.Id, "consultation");
        using var accept = await official.SendAcceptAsync(arranged.Amendment.Id);
        using var comment = await official.SendCommentAsync(arranged.Scene.Id, 2, anchor, "Fine.");
        using var amendment = await official.SendAmendmentAsync(arranged.Scene.Id, 2, anchor, "Better text.");
        using var position = await official.SendPositionAsync(arranged.Scene.Id, "support");

        foreach (var refused in new[] { create, version, status, accept })
        {
            await refused.ReadProblemAsync(HttpStatusCode.Forbidden);
        }
        await comment.AssertStatusAsync(HttpStatusCode.Created);
        await amendment.AssertStatusAsync(HttpStatusCode.Created);
        await position.AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Member_removed_from_the_group_gets_404_for_its_draft()
    {
        var arranged = await ArrangeAsync("members");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await (await cso.GetAsync($"/api/v1/drafts/{arranged.Scene.Id}")).AssertStatusAsync(HttpStatusCode.OK);

        await (await facilitator.DeleteAsync($"/api/v1/groups/{arranged.Scene.Group.Id}/members/{await App.UserIdAsync(DemoUsers.Cso)}")).AssertStatusAsync(HttpStatusCode.NoContent);

        var problem = await (await cso.GetAsync($"/api/v1/drafts/{arranged.Scene.Id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(arranged.Title, problem.Body, StringComparison.Ordinal);
        await (await cso.SendCommentAsync(arranged.Scene.Id, 2, arranged.Comment.Anchor, "Still here?")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Unreadable_draft_and_amendment_answer_word_for_word_like_missing_ones()
    {
        var arranged = await ArrangeAsync("members");
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        const int missing = 987654321;

        foreach (var (route, unknown) in new[]
        {
            ($"/api/v1/drafts/{arranged.Scene.Id}", $"/api/v1/drafts/{missing}"),
            ($"/api/v1/drafts/{arranged.Scene.Id}/versions/1/markdown", $"/api/v1/drafts/{missing}/versions/1/markdown"),
            ($"/api/v1/drafts/{arranged.Scene.Id}/comments", $"/api/v1/drafts/{missing}/comments"),
        })
        {
            var refused = await (await outsider.GetAsync(route)).ReadProblemAsync(HttpStatusCode.NotFound);
            var absent = await (await outsider.GetAsync(unknown)).ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal((absent.Title, absent.Detail), (refused.Title, refused.Detail));
        }
        var refusedAccept = await (await outsider.SendAcceptAsync(arranged.Amendment.Id)).ReadProblemAsync(HttpStatusCode.NotFound);
        var absentAccept = await (await outsider.SendAcceptAsync(missing)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((absentAccept.Title, absentAccept.Detail), (refusedAccept.Title, refusedAccept.Detail));
        var refusedComment = await (await outsider.SendCommentAsync(arranged.Scene.Id, 2, arranged.Comment.Anchor, "Hello.")).ReadProblemAsync(HttpStatusCode.NotFound);
        var absentComment = await (await outsider.SendCommentAsync(missing, 2, arranged.Comment.Anchor, "Hello.")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((absentComment.Title, absentComment.Detail), (refusedComment.Title, refusedComment.Detail));
    }

    [SkippableFact]
    public async Task Draft_pages_of_a_members_only_group_are_404_for_strangers_without_its_title()
    {
        var arranged = await ArrangeAsync("members");
        using var outsider = await App.SignInWithCookieAsync(DemoUsers.Outsider);
        var draftUrl = $"/groups/{arranged.Scene.Group.Slug}/drafts/{arranged.Scene.Id}";

        foreach (var url in new[] { draftUrl, $"{draftUrl}/amendments", $"{draftUrl}/diff?from=1&to=2", $"{draftUrl}/print", $"{draftUrl}/edit" })
        {
            using var response = await outsider.Client.GetAsync(url);
            await response.AssertStatusAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(arranged.Title, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Group_draft_list_of_a_members_only_group_shows_nothing_to_strangers()
    {
        var arranged = await ArrangeAsync("members");
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);

        using var response = await outsider.GetAsync($"/api/v1/groups/{arranged.Scene.Group.Slug}/drafts");

        Assert.DoesNotContain(arranged.Title, (await response.ReadProblemAsync(HttpStatusCode.NotFound)).Body, StringComparison.Ordinal);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PermissionTestsOnSqlite(SqliteAppFixture fixture) : PermissionTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PermissionTestsOnPostgres(PostgresAppFixture fixture) : PermissionTests(fixture);
