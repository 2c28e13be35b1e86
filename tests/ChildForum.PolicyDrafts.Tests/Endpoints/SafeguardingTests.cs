using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Children's data in drafts: every text a person writes (titles, bodies, change notes, comments, amendments and
/// their rationale, rejection reasons, position statements) refuses a Chinese resident ID number and asks the author to
/// confirm a phone number or e-mail address, which is then stored and told to the group's facilitators.</summary>
public abstract class SafeguardingTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Phone = "13812345678";

    /// <summary>Two facilitators, so that whoever writes, another facilitator is told.</summary>
    private static readonly (string User, string Role)[] Cast =
    [
        (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Researcher, "observer"),
    ];

    /// <summary>One surface: who writes, the field the text goes in, whether it is Markdown, and the status of success.</summary>
    public sealed record Surface(string Name, string Writer, string Field, bool Markdown, HttpStatusCode Success);

    private static readonly Surface[] Surfaces =
    [
        new("draft title", DemoUsers.Facilitator, "title", false, HttpStatusCode.Created),
        new("draft body", DemoUsers.Facilitator, "body", true, HttpStatusCode.Created),
        new("version body", DemoUsers.Facilitator, "body", true, HttpStatusCode.Created),
        new("version note", DemoUsers.Facilitator, "note", false, HttpStatusCode.Created),
        new("comment", DemoUsers.Cso, "body", true, HttpStatusCode.Created),
        new("amendment text", DemoUsers.Cso, "proposedText", true, HttpStatusCode.Created),
        new("amendment rationale", DemoUsers.Cso, "rationale", false, HttpStatusCode.Created),
        new("rejection reason", DemoUsers.Facilitator, "reason", false, HttpStatusCode.OK),
        new("position statement", DemoUsers.Cso, "statement", false, HttpStatusCode.OK),
    ];

    public static TheoryData<string> SurfaceNames => [.. Surfaces.Select(s => s.Name)];

    public static TheoryData<string> MarkdownSurfaceNames => [.. Surfaces.Where(s => s.Markdown).Select(s => s.Name)];

    private sealed record Arranged(DraftScene Scene, AmendmentJson Amendment);

    private async Task<Arranged> ArrangeAsync(string visibility = "members")
    {
        var scene = await App.NewSceneAsync(visibility: visibility, cast: Cast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var amendment = await cso.ProposeAsync(scene.Id, 1, await cso.AnchorAsync(scene.Id, 4), "Directors get time off for the role.");
        return new Arranged(scene, amendment);
    }

    /// <summary>Sends <paramref name="text"/> in the surface's field, everything else valid.</summary>
    private async Task<HttpResponseMessage> SendAsync(Surface surface, Arranged arranged, string text, bool? confirm = null)
    {
        using var client = await App.ClientForAsync(surface.Writer);
        var draft = arranged.Scene.Id;
        var anchor = await client.AnchorAsync(draft, 1);
        var extended = DraftScene.DefaultBody + "\n\n" + text;
        var (method, url, body) = surface.Name switch
        {
            "draft title" => ("POST", $"/api/v1/groups/{arranged.Scene.Group.Id}/drafts", (object)new { title = text, body = DraftScene.DefaultBody, confirmPersonalData = confirm }),
            "draft body" => ("POST", $"/api/v1/groups/{arranged.Scene.Group.Id}/drafts", new { title = Unique.Name("Draft"), body = extended, confirmPersonalData = confirm }),
            "version body" => ("POST", $"/api/v1/drafts/{draft}/versions", new { body = extended, note = "More.", confirmPersonalData = confirm }),
            "version note" => ("POST", $"/api/v1/drafts/{draft}/versions", new { body = DraftScene.DefaultBody + "\n\nOne more paragraph.", note = text, confirmPersonalData = confirm }),
            "comment" => ("POST", $"/api/v1/drafts/{draft}/comments", new { version = 1, anchor, body = text, confirmPersonalData = confirm }),
            "amendment text" => ("POST", $"/api/v1/drafts/{draft}/amendments", new { version = 1, anchor, proposedText = text, rationale = "Clearer.", confirmPersonalData = confirm }),
            "amendment rationale" => ("POST", $"/api/v1/drafts/{draft}/amendments", new { version = 1, anchor, proposedText = "A better paragraph.", rationale = text, confirmPersonalData = confirm }),
            "rejection reason" => ("POST", $"/api/v1/amendments/{arranged.Amendment.Id}/reject", new { reason = text, confirmPersonalData = confirm }),
            "position statement" => ("PUT", $"/api/v1/drafts/{draft}/positions", new { stance = "support", statement = text, confirmPersonalData = confirm }),
            _ => throw new ArgumentException(surface.Name),
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(body) };
        return await client.SendAsync(request).WaitAsync(DraftApi.Patience);
    }

    /// <summary>Everything a facilitator reads about the group's drafts, as one string.</summary>
    private async Task<string> EverythingReadableAsync(Arranged arranged)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var texts = new List<string>();
        var drafts = await (await facilitator.GetAsync($"/api/v1/groups/{arranged.Scene.Group.Id}/drafts")).ReadJsonAsync<List<DraftSummaryJson>>();
        foreach (var draft in drafts)
        {
            foreach (var route in new[] { "", "/versions", "/comments", "/amendments", "/positions" })
            {
                using var response = await facilitator.GetAsync($"/api/v1/drafts/{draft.Id}{route}").WaitAsync(DraftApi.Patience);
                texts.Add(await (await response.AssertStatusAsync(HttpStatusCode.OK)).Content.ReadAsStringAsync());
            }
        }
        return string.Join("\n", texts);
    }

    private static Surface Named(string name) => Surfaces.Single(s => s.Name == name);

    private Task<List<(string UserId, string Url)>> NotificationsAsync(int draftId) =>
        App.QueryDatabaseAsync(async db => (await db.Notifications.Where(n => n.Url.Contains($"/drafts/{draftId}") && n.Kind == "safeguarding")
            .Select(n => new { n.UserId, n.Url }).ToListAsync()).Select(n => (n.UserId, n.Url)).ToList());

    private static string? Code(Problem problem)
    {
        using var document = JsonDocument.Parse(problem.Body);
        return document.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    [SkippableFact]
    public async Task Draft_comment_with_a_child_id_number_and_phone_is_refused_and_never_public()
    {
        var arranged = await ArrangeAsync("public");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var anchor = await cso.AnchorAsync(arranged.Scene.Id, 1);

        using var response = await cso.SendCommentAsync(arranged.Scene.Id, 1, anchor, $"Child ID {IdNumbers.Valid}, tel {Phone}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("id-number", Code(problem));
        Assert.Contains("…002X", Assert.Single(problem.Errors["body"]), StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231", problem.Body, StringComparison.Ordinal);
        using var anonymous = App.CreateAnonymousClient();
        Assert.Empty(await anonymous.CommentsAsync(arranged.Scene.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(SurfaceNames))]
    public async Task Id_number_is_refused_with_400_naming_the_field_even_when_confirmed(string name)
    {
        var surface = Named(name);
        var arranged = await ArrangeAsync();

        using var plain = await SendAsync(surface, arranged, $"The boy's ID is {IdNumbers.Valid}.");
        using var confirmed = await SendAsync(surface, arranged, $"ID 110105 19491231 002X", confirm: true);

        foreach (var response in new[] { plain, confirmed })
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("id-number", Code(problem));
            Assert.Contains("…002X", Assert.Single(problem.Errors[surface.Field]), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("002X", await EverythingReadableAsync(arranged), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(MarkdownSurfaceNames))]
    public async Task Id_number_split_by_markdown_is_refused(string name)
    {
        var surface = Named(name);
        var arranged = await ArrangeAsync();

        using var response = await SendAsync(surface, arranged, "ID: 110105**19491231**002X");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("id-number", Code(problem));
        Assert.Contains(surface.Field, problem.Errors.Keys);
        Assert.DoesNotContain("19491231", await EverythingReadableAsync(arranged), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(SurfaceNames))]
    public async Task Phone_number_needs_confirmation_then_is_stored_and_told_to_the_other_facilitators(string name)
    {
        var surface = Named(name);
        var arranged = await ArrangeAsync();
        var text = $"Call the station on {Phone}.";

        using var unconfirmed = await SendAsync(surface, arranged, text);
        var problem = await unconfirmed.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("personal-data-confirmation", Code(problem));
        Assert.DoesNotContain(Phone, await EverythingReadableAsync(arranged), StringComparison.Ordinal);

        using var confirmed = await SendAsync(surface, arranged, text, confirm: true);
        await confirmed.AssertStatusAsync(surface.Success);

        Assert.Contains(Phone, await EverythingReadableAsync(arranged), StringComparison.Ordinal);
        var draftId = surface.Name is "draft title" or "draft body"
            ? (await confirmed.Content.ReadFromJsonAsync<DraftSummaryJson>(JsonSerializerOptions.Web))!.Id
            : arranged.Scene.Id;
        var told = (await NotificationsAsync(draftId)).Select(n => n.UserId).ToHashSet();
        var writer = await App.UserIdAsync(surface.Writer);
        var facilitators = new[] { await App.UserIdAsync(DemoUsers.Facilitator), await App.UserIdAsync(DemoUsers.Official) }.Where(id => id != writer);
        Assert.Superset(facilitators.ToHashSet(), told);
        Assert.DoesNotContain(writer, told);
        Assert.DoesNotContain(await App.UserIdAsync(DemoUsers.Researcher), told);
        var audited = await App.QueryDatabaseAsync(db => db.AuditEntries.CountAsync(a => a.Action == "draft.personal-data" && a.TargetId == DraftApi.Id(draftId)));
        Assert.Equal(1, audited);
    }

    [SkippableFact]
    public async Task E_mail_address_needs_confirmation_too()
    {
        var arranged = await ArrangeAsync();

        using var response = await SendAsync(Named("comment"), arranged, "Write to the family at li.hua@example.cn please.");

        Assert.Equal("personal-data-confirmation", Code(await response.ReadProblemAsync(HttpStatusCode.Conflict)));
    }

    [SkippableFact]
    public async Task Text_without_personal_data_is_stored_without_telling_anyone()
    {
        var arranged = await ArrangeAsync();

        using var response = await SendAsync(Named("comment"), arranged, "Case reference 2024-117, see the township file.");

        await response.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Empty(await NotificationsAsync(arranged.Scene.Id));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class SafeguardingTestsOnSqlite(SqliteAppFixture fixture) : SafeguardingTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class SafeguardingTestsOnPostgres(PostgresAppFixture fixture) : SafeguardingTests(fixture);
