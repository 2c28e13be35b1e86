using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Input a client gets wrong, or sends on purpose to hurt: every answer is a problem detail with the right
/// status and, for a 400, the field at fault; never a 500 and never a hung request.</summary>
public abstract class BadInputTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const int OneMegabyte = 1024 * 1024;

    /// <summary>Ordinary paragraphs of ASCII text, exactly <paramref name="bytes"/> long.</summary>
    private static string AsciiText(int bytes)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append("Paragraph ").Append(i).Append(" says something about the care of children left behind.\n\n");
        }
        text.Length = bytes;
        text[^1] = '.';
        return text.ToString();
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task Draft_without_a_title_is_400_naming_title(string? title)
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/drafts", new { title, body = "Some text." });

        Assert.Contains("title", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty(await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>());
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\t\n")]
    public async Task Draft_without_a_body_is_400_naming_body(string? body)
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, body);

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Draft_title_over_200_characters_and_an_unknown_language_are_400_naming_them()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var longTitle = await facilitator.SendCreateDraftAsync(group.Id, "Text.", title: new string('t', 201));
        using var badLanguage = await facilitator.SendCreateDraftAsync(group.Id, "Text.", language: "not a language");

        Assert.Contains("title", (await longTitle.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("language", (await badLanguage.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task New_version_without_a_body_is_400_naming_body()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendVersionAsync(scene.Id, " \n ");

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Body_of_exactly_1_MB_is_accepted()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var body = AsciiText(OneMegabyte);

        var draft = await facilitator.CreateDraftAsync(group.Id, body);

        Assert.Equal(body.Length, (await facilitator.DraftAsync(draft.Id)).Body.Length);
    }

    [SkippableTheory]
    [InlineData("ASCII")]
    [InlineData("Chinese")]
    public async Task Draft_body_over_1_MB_of_utf8_is_413(string script)
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        // 360,000 characters, far under a million, but 1,072,800 bytes of UTF-8.
        var body = script == "ASCII" ? AsciiText(OneMegabyte + 1) : string.Join("\n\n", Enumerable.Repeat(new string('童', 198), 1_800));
        Assert.True(Encoding.UTF8.GetByteCount(body) > OneMegabyte && (script == "ASCII" || body.Length < OneMegabyte));

        using var response = await facilitator.SendCreateDraftAsync(group.Id, body);

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.Empty(await (await facilitator.GetAsync($"/api/v1/groups/{group.Id}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>());
    }

    [SkippableFact]
    public async Task New_version_over_1_MB_is_413()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendVersionAsync(scene.Id, AsciiText(OneMegabyte + 10));

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Single(await facilitator.VersionsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Amendment_that_would_make_the_draft_over_1_MB_is_413()
    {
        var scene = await App.NewSceneAsync("A short first paragraph.\n\n" + AsciiText(OneMegabyte - 50_000));
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 0), new string('x', 60_000));

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await cso.AmendmentsAsync(scene.Id));
    }

    public static TheoryData<string, string> RefusedMarkdown => new()
    {
        { "100,000 '>' characters", new string('>', 100_000) },
        { "\"[a](\" repeated 50,000 times", string.Concat(Enumerable.Repeat("[a](", 50_000)) },
    };

    [SkippableTheory]
    [MemberData(nameof(RefusedMarkdown))]
    public async Task Pathological_markdown_as_a_draft_body_is_400_naming_body(string name, string body)
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {await HttpAssertions.DescribeAsync(response)}");
        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [MemberData(nameof(RefusedMarkdown))]
    public async Task Pathological_markdown_as_a_version_body_is_400_naming_body(string name, string body)
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendVersionAsync(scene.Id, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {await HttpAssertions.DescribeAsync(response)}");
        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await facilitator.VersionsAsync(scene.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(RefusedMarkdown))]
    public async Task Pathological_markdown_as_amendment_text_is_400_naming_proposedText(string name, string text)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendAmendmentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), text[..Math.Min(text.Length, 100_000)]);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {await HttpAssertions.DescribeAsync(response)}");
        Assert.Contains("proposedText", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty(await cso.AmendmentsAsync(scene.Id));
    }

    [SkippableFact]
    public async Task Pathological_markdown_as_a_comment_is_400_naming_body()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        // 20,000 characters: within a comment's length limit, so the refusal is about the Markdown.
        using var response = await cso.SendCommentAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 1), new string('>', 20_000));

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty(await cso.CommentsAsync(scene.Id));
    }

    public static TheoryData<string, string> HeavyMarkdown => new()
    {
        { "100,000 opening brackets", new string('[', 100_000) },
        { "a list nested 1,000 deep", string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i * 2) + "- x\n")) },
        { "100,000 emphasis openers", string.Concat(Enumerable.Repeat("*_", 100_000)) + "x" },
        { "10,000 table columns", string.Concat(Enumerable.Repeat("|a", 10_000)) + "|\n" + string.Concat(Enumerable.Repeat("|-", 10_000)) + "|\n" + string.Concat(Enumerable.Repeat("|1", 10_000)) + "|" },
        { "50,000 footnote references", string.Concat(Enumerable.Range(0, 50_000).Select(i => $"[^{i}]")) },
        { "a 200,000 character word", new string('w', 200_000) },
    };

    [SkippableTheory]
    [MemberData(nameof(HeavyMarkdown))]
    public async Task Heavy_markdown_is_either_refused_with_400_naming_body_or_stored_and_readable(string name, string body)
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, body);

        if (response.StatusCode == HttpStatusCode.Created)
        {
            var draft = await response.ReadJsonAsync<DraftSummaryJson>(HttpStatusCode.Created);
            using var read = await facilitator.GetAsync($"/api/v1/drafts/{draft.Id}").WaitAsync(DraftApi.Patience);
            await read.AssertStatusAsync(HttpStatusCode.OK);
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {await HttpAssertions.DescribeAsync(response)}");
            Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        }
    }

    [SkippableFact]
    public async Task NUL_characters_in_a_draft_never_cause_a_500()
    {
        var group = await App.CreateGroupAsync("members", DraftScene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendCreateDraftAsync(group.Id, "before\0after\n\nsecond\0", title: "Title\0with NUL");

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, await HttpAssertions.DescribeAsync(response));
    }

    [SkippableTheory]
    [InlineData("p-0000000000")]
    [InlineData("p-0000000000-2")]
    [InlineData("not-an-anchor")]
    [InlineData("p-\"><script>alert(1)</script>")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Comment_or_amendment_on_an_unknown_anchor_is_400_naming_anchor(string? anchor)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var comment = await cso.SendCommentAsync(scene.Id, 1, anchor, "Where?");
        using var amendment = await cso.SendAmendmentAsync(scene.Id, 1, anchor, "New text.");

        Assert.Contains("anchor", (await comment.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("anchor", (await amendment.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableFact]
    public async Task Anchor_of_a_paragraph_only_in_a_later_version_is_400_for_a_comment_on_an_earlier_one()
    {
        var scene = await App.NewSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.AddVersionAsync(scene.Id, DraftScene.DefaultBody + "\n\nOnly in version 2.");
        var anchor = await facilitator.AnchorAsync(scene.Id, 5);

        using var response = await facilitator.SendCommentAsync(scene.Id, 1, anchor, "Mixed up versions.");

        Assert.Contains("anchor", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData(99)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(null)]
    public async Task Comment_or_amendment_on_an_unknown_version_is_400_naming_version(int? version)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = await cso.AnchorAsync(scene.Id, 1);

        using var comment = await cso.SendCommentAsync(scene.Id, version, anchor, "Which version?");
        using var amendment = await cso.SendAmendmentAsync(scene.Id, version, anchor, "New text.");

        Assert.Contains("version", (await comment.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("version", (await amendment.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData("/versions/99")]
    [InlineData("/versions/2")]
    [InlineData("/versions/0")]
    [InlineData("/versions/99/markdown")]
    [InlineData("?version=99")]
    [InlineData("?version=0")]
    [InlineData("/comments?version=99")]
    [InlineData("/diff?from=1&to=99")]
    [InlineData("/diff?from=99&to=1")]
    [InlineData("/diff?from=0&to=1")]
    public async Task Unknown_version_is_404(string route)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.GetAsync($"/api/v1/drafts/{scene.Id}{route}");

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [InlineData("?from=1", "to")]
    [InlineData("?to=1", "from")]
    [InlineData("", "from")]
    public async Task Diff_without_from_or_to_is_400_naming_them(string query, string field)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.GetAsync($"/api/v1/drafts/{scene.Id}/diff{query}");

        Assert.Contains(field, (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData("/diff?from=one&to=2", "from")]
    [InlineData("/diff?from=1&to=99999999999999", "to")]
    [InlineData("?version=latest", "version")]
    [InlineData("/comments?version=1.5", "version")]
    public async Task Malformed_numbers_in_the_query_are_400_problems_naming_the_parameter(string route, string field)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.GetAsync($"/api/v1/drafts/{scene.Id}{route}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.DoesNotContain("Nullable<", problem.Body, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("POST", "/api/v1/groups/{group}/drafts")]
    [InlineData("POST", "/api/v1/drafts/{draft}/versions")]
    [InlineData("POST", "/api/v1/drafts/{draft}/comments")]
    [InlineData("POST", "/api/v1/drafts/{draft}/amendments")]
    [InlineData("PUT", "/api/v1/drafts/{draft}/positions")]
    [InlineData("POST", "/api/v1/drafts/{draft}/status")]
    [InlineData("POST", "/api/v1/amendments/{amendment}/reject")]
    public async Task Malformed_json_on_every_write_route_is_a_400_problem_not_a_500(string method, string route)
    {
        var scene = await App.NewSceneAsync(cast: [(DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "facilitator"), (DemoUsers.Cso, "member")]);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var amendment = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), "New text.");
        var url = route.Replace("{group}", DraftApi.Id(scene.Group.Id), StringComparison.Ordinal)
            .Replace("{draft}", DraftApi.Id(scene.Id), StringComparison.Ordinal)
            .Replace("{amendment}", DraftApi.Id(amendment.Id), StringComparison.Ordinal);

        foreach (var json in new[] { "{\"body\": \"unterminated", "{\"body\": ", "[1, 2]", "\"just a string\"", "{\"title\": 5, \"body\": [], \"version\": \"one\", \"anchor\": {}, \"stance\": 3, \"status\": [], \"reason\": {}}", "{\"version\": 1.5}", "{\"baseVersion\": \"two\", \"replyToId\": true}", "" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await official.SendAsync(request).WaitAsync(DraftApi.Patience);
            await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        }
        var draft = await cso.DraftAsync(scene.Id);
        Assert.Equal((1, "drafting"), (draft.Version, draft.Status));
        Assert.Equal(["open"], (await cso.AmendmentsAsync(scene.Id)).Select(a => a.Status));
    }

    [SkippableFact]
    public async Task Body_that_is_not_json_is_415()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PostAsync($"/api/v1/drafts/{scene.Id}/comments", new StringContent("body=hello", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [SkippableTheory]
    [InlineData("GET", "/api/v1/drafts/987654321")]
    [InlineData("GET", "/api/v1/drafts/987654321/versions")]
    [InlineData("GET", "/api/v1/drafts/987654321/diff?from=1&to=2")]
    [InlineData("POST", "/api/v1/drafts/987654321/comments")]
    [InlineData("POST", "/api/v1/drafts/987654321/versions")]
    [InlineData("PUT", "/api/v1/drafts/987654321/positions")]
    [InlineData("GET", "/api/v1/drafts/abc")]
    [InlineData("GET", "/api/v1/drafts/-1/versions")]
    [InlineData("GET", "/api/v1/drafts/99999999999/comments")]
    [InlineData("GET", "/api/v1/drafts/1/versions/abc")]
    [InlineData("POST", "/api/v1/amendments/abc/accept")]
    [InlineData("POST", "/api/v1/groups/no-such-group-here/drafts")]
    public async Task Unknown_or_malformed_ids_are_404_problems(string method, string url)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { title = "T", body = "B", version = 1, anchor = "p-0000000000", stance = "support", note = "n" });
        }

        using var response = await facilitator.SendAsync(request).WaitAsync(DraftApi.Patience);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class BadInputTestsOnSqlite(SqliteAppFixture fixture) : BadInputTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class BadInputTestsOnPostgres(PostgresAppFixture fixture) : BadInputTests(fixture);
