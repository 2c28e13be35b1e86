using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChildForum.Security.Tests.Matrix;
using ChildForum.Testing;

namespace ChildForum.Security.Tests;

/// <summary>The text surfaces of issue 10 that no module's own XSS test reached: organisation names, flag reasons,
/// amendment rejection reasons, and the titles and descriptions of documents. The XSS corpus goes through each of them,
/// in the API (stored and answered as the same text) and on every page that shows them (nothing live); and the
/// documents' title and description meet the children's-data guard like every other text a person writes.</summary>
public abstract class TextSurfaceTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Organisation_names_from_the_corpus_stay_text_in_the_api_and_render_inert_on_every_page_that_names_them()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var names = XssCorpus.OneLine.Select(payload => $"{payload} {Unique.Suffix()}").ToList();
        var organisations = new List<int>();
        foreach (var name in names)
        {
            var created = await Scene.SendAsync(admin, HttpMethod.Post, "/api/v1/organisations", new { name, stakeholderType = "cso" });
            Assert.Equal(name, created["name"]!.GetValue<string>());
            organisations.Add(created["id"]!.GetValue<int>());
        }
        var listed = (await Scene.SendAsync(admin, HttpMethod.Get, "/api/v1/organisations", null)).AsArray().Select(o => o!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(names.ToHashSet(), listed);

        // One person of each organisation in a group: a message each, a position each, an action owned by each organisation.
        var group = await App.CreateGroupAsync();
        var facilitator = await App.CreateUserAsync();
        await App.AddMembershipAsync(group.Id, facilitator.Email, "facilitator");
        using var facilitatorApi = await App.ClientForAsync(facilitator);
        var thread = await Scene.SendAsync(facilitatorApi, HttpMethod.Post, $"/api/v1/groups/{group.Id}/threads", new { title = "Organisations", body = "Who is here?" });
        var draft = await Scene.SendAsync(facilitatorApi, HttpMethod.Post, $"/api/v1/groups/{group.Id}/drafts", new { title = "Positions", body = "A paragraph.", language = "en" });
        var meeting = await Scene.SendAsync(facilitatorApi, HttpMethod.Post, $"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Organisations meet", startsAt = Scene.Wall(-2, 10), endsAt = Scene.Wall(-2, 12), timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Welcome" } },
        });
        var meetingId = meeting["id"]!.GetValue<int>();
        foreach (var name in names)
        {
            var person = await App.CreateUserAsync(organisation: name);
            await App.AddMembershipAsync(group.Id, person.Email, "member");
            using var api = await App.ClientForAsync(person);
            await Scene.SendAsync(api, HttpMethod.Post, $"/api/v1/threads/{thread["id"]}/messages", new { body = "Here.", clientMessageId = Guid.NewGuid().ToString() });
            await Scene.SendAsync(api, HttpMethod.Put, $"/api/v1/drafts/{draft["id"]}/positions", new { stance = "support", statement = "Agreed." });
        }
        foreach (var organisation in organisations)
        {
            await Scene.SendAsync(facilitatorApi, HttpMethod.Post, $"/api/v1/meetings/{meetingId}/actions", new { title = "Write back.", ownerOrganisationId = organisation, dueDate = Scene.Day(7) });
        }

        var messages = await Scene.SendAsync(facilitatorApi, HttpMethod.Get, $"/api/v1/threads/{thread["id"]}/messages", null);
        Assert.Superset(names.ToHashSet(), messages["items"]!.AsArray().Select(m => m!["author"]!["organisation"]?.GetValue<string>() ?? "").ToHashSet());
        var positions = await Scene.SendAsync(facilitatorApi, HttpMethod.Get, $"/api/v1/drafts/{draft["id"]}/positions", null);
        Assert.Superset(names.ToHashSet(), positions.AsArray().Select(p => p!["organisation"]!["name"]!.GetValue<string>()).ToHashSet());

        using var adminPages = await App.SignInWithCookieAsync(DemoUsers.Admin);
        using var reader = await App.SignInWithCookieAsync(facilitator.Email, facilitator.Password);
        await AssertPagesInertAsync("(organisation names from the corpus)", names,
            (adminPages, "/admin/organisations"), (adminPages, "/admin/users"),
            (reader, $"/groups/{group.Slug}"), (reader, $"/groups/{group.Slug}/threads/{thread["id"]}"),
            (reader, $"/groups/{group.Slug}/drafts/{draft["id"]}"), (reader, $"/groups/{group.Slug}/meetings/{meetingId}"));
    }

    [SkippableFact]
    public async Task Flag_reasons_from_the_corpus_stay_text_in_the_api_and_render_inert_on_the_moderation_page()
    {
        var (group, facilitator, member) = await GroupWithPeopleAsync();
        using var memberApi = await App.ClientForAsync(member);
        using var facilitatorApi = await App.ClientForAsync(facilitator);
        var thread = await Scene.SendAsync(memberApi, HttpMethod.Post, $"/api/v1/groups/{group.Id}/threads", new { title = "Flags", body = "Look." });
        var reasons = Chunks(XssCorpus.Payloads, 1_000).Concat(XssCorpus.OneLine).ToList();
        foreach (var reason in reasons)
        {
            var message = await Scene.SendAsync(memberApi, HttpMethod.Post, $"/api/v1/threads/{thread["id"]}/messages", new { body = "A message.", clientMessageId = Guid.NewGuid().ToString() });
            await Scene.SendAsync(memberApi, HttpMethod.Post, $"/api/v1/messages/{message["id"]}/flags", new { reason });
        }

        var flags = await Scene.SendAsync(facilitatorApi, HttpMethod.Get, $"/api/v1/groups/{group.Id}/flags", null);
        Assert.Superset(reasons.ToHashSet(), flags.AsArray().Select(f => f!["reason"]!.GetValue<string>()).ToHashSet());

        using var pages = await App.SignInWithCookieAsync(facilitator.Email, facilitator.Password);
        await AssertPagesInertAsync("(flag reasons: the whole corpus)", [XssCorpus.OneLine[^1]],
            (pages, $"/groups/{group.Slug}/moderation"), (pages, "/notifications"), (pages, $"/groups/{group.Slug}/threads/{thread["id"]}"));
    }

    [SkippableFact]
    public async Task Rejection_reasons_from_the_corpus_stay_text_in_the_api_and_render_inert_on_the_draft_pages()
    {
        var (group, facilitator, member) = await GroupWithPeopleAsync();
        using var memberApi = await App.ClientForAsync(member);
        using var facilitatorApi = await App.ClientForAsync(facilitator);
        var draft = await Scene.SendAsync(facilitatorApi, HttpMethod.Post, $"/api/v1/groups/{group.Id}/drafts", new { title = "Rejections", body = "A paragraph.", language = "en" });
        var anchor = (await Scene.SendAsync(facilitatorApi, HttpMethod.Get, $"/api/v1/drafts/{draft["id"]}", null))["blocks"]![0]!["anchor"]!.GetValue<string>();
        var reasons = Chunks(XssCorpus.Payloads, 2_000).Concat(XssCorpus.OneLine).ToList();
        foreach (var reason in reasons)
        {
            var amendment = await Scene.SendAsync(memberApi, HttpMethod.Post, $"/api/v1/drafts/{draft["id"]}/amendments",
                new { version = 1, anchor, proposedText = "Another paragraph.", rationale = "Clearer." });
            await Scene.SendAsync(facilitatorApi, HttpMethod.Post, $"/api/v1/amendments/{amendment["id"]}/reject", new { reason });
        }

        var amendments = await Scene.SendAsync(memberApi, HttpMethod.Get, $"/api/v1/drafts/{draft["id"]}/amendments", null);
        Assert.Superset(reasons.ToHashSet(), amendments.AsArray().Select(a => a!["reason"]?.GetValue<string>() ?? "").ToHashSet());

        using var proposer = await App.SignInWithCookieAsync(member.Email, member.Password);
        using var editor = await App.SignInWithCookieAsync(facilitator.Email, facilitator.Password);
        var amendmentsPage = $"/groups/{group.Slug}/drafts/{draft["id"]}/amendments";
        await AssertPagesInertAsync("(rejection reasons: the whole corpus)", [XssCorpus.OneLine[^1]],
            (proposer, amendmentsPage), (editor, amendmentsPage), (proposer, $"/groups/{group.Slug}/drafts/{draft["id"]}"), (proposer, "/notifications"));
    }

    [SkippableFact]
    public async Task Document_titles_and_descriptions_from_the_corpus_stay_text_in_the_api_and_render_inert_in_the_library()
    {
        var (group, _, member) = await GroupWithPeopleAsync();
        using var memberApi = await App.ClientForAsync(member);
        var descriptions = Chunks(XssCorpus.Payloads, 2_000).ToList();
        var uploads = XssCorpus.OneLine.Select((title, i) => (Title: title, Description: descriptions[i % descriptions.Count])).ToList();
        foreach (var (title, description) in uploads)
        {
            using var response = await UploadAsync(memberApi, group.Id, title, description);
            var document = await response.ReadJsonAsync<JsonObject>(HttpStatusCode.Created);
            Assert.Equal(title, document["title"]!.GetValue<string>());
            Assert.Equal(description, document["description"]!.GetValue<string>());
        }

        var listed = await Scene.SendAsync(memberApi, HttpMethod.Get, $"/api/v1/groups/{group.Id}/documents", null);
        Assert.Superset(uploads.Select(u => u.Title).ToHashSet(), listed.AsArray().Select(d => d!["title"]!.GetValue<string>()).ToHashSet());

        using var reader = await App.SignInWithCookieAsync(member.Email, member.Password);
        await AssertPagesInertAsync("(document titles and descriptions from the corpus)", [XssCorpus.OneLine[^1]],
            (reader, $"/groups/{group.Slug}/documents"));
    }

    [SkippableFact]
    public async Task A_document_s_title_description_and_file_name_meet_the_children_s_data_guard()
    {
        var (group, facilitator, member) = await GroupWithPeopleAsync();
        using var memberApi = await App.ClientForAsync(member);
        var idNumber = IdNumbers.Valid;

        foreach (var (field, title, description, fileName) in new (string Field, string? Title, string? Description, string FileName)[]
                 {
                     ("title", $"Case of {idNumber}", null, "notes.txt"),
                     ("description", null, $"The child's ID: {idNumber}", "notes.txt"),
                     ("file", null, null, $"{idNumber}.txt"),
                 })
        {
            using var refused = await UploadAsync(memberApi, group.Id, title, description, fileName: fileName);
            var problem = await refused.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(field, problem.Errors.Keys);
            Assert.Contains("\"code\":\"id-number\"", problem.Body.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            using var confirmedAnyway = await UploadAsync(memberApi, group.Id, title, description, fileName: fileName, confirm: true);
            await confirmedAnyway.ReadProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Empty((await Scene.SendAsync(memberApi, HttpMethod.Get, $"/api/v1/groups/{group.Id}/documents", null)).AsArray());

        const string Contact = "Call the caseworker on 13812345678.";
        using (var unconfirmed = await UploadAsync(memberApi, group.Id, "Contacts", Contact))
        {
            var problem = await unconfirmed.ReadProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("\"code\":\"personal-data-confirmation\"", problem.Body.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        using (var confirmed = await UploadAsync(memberApi, group.Id, "Contacts", Contact, confirm: true))
        {
            var document = await confirmed.ReadJsonAsync<JsonObject>(HttpStatusCode.Created);
            Assert.Equal(Contact, document["description"]!.GetValue<string>());
            var id = document["id"]!.ToString();
            Assert.True(await App.QueryDatabaseAsync(db => Task.FromResult(db.AuditEntries.Any(a => a.Action == "document.personal-data-confirmed" && a.TargetId == id))),
                "A confirmed phone number in a document's description leaves an audit entry.");
        }
        Assert.True(await App.QueryDatabaseAsync(db => Task.FromResult(db.Notifications.Any(n => n.UserId == facilitator.Id && n.Kind == "personal-data" && n.Text.Contains("Contacts")))),
            "The group's facilitator is told of the confirmed phone number.");

        // The page answers next to the field and offers the confirmation.
        using var page = await App.SignInWithCookieAsync(member.Email, member.Password);
        using var form = await page.GetPageAsync($"/groups/{group.Slug}/documents/upload");
        using var posted = await page.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/groups/{group.Slug}/documents/upload")
        {
            Content = FileForm(null, Contact, "notes.txt", confirm: false, form.RequestVerificationToken),
        });
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var answer = Html.ParsePage(html);
        Assert.Contains("…5678", answer.QuerySelector(".field-error[role=alert]:not(:empty)")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.NotNull(answer.QuerySelector("input[type=checkbox][name=confirmPersonalData]"));
        Assert.DoesNotContain((await Scene.SendAsync(memberApi, HttpMethod.Get, $"/api/v1/groups/{group.Id}/documents", null)).AsArray(), d => d!["title"]!.GetValue<string>() == "notes");
    }

    private async Task<(GroupJson Group, TestUser Facilitator, TestUser Member)> GroupWithPeopleAsync()
    {
        var group = await App.CreateGroupAsync();
        var facilitator = await App.CreateUserAsync();
        var member = await App.CreateUserAsync();
        await App.AddMembershipAsync(group.Id, facilitator.Email, "facilitator");
        await App.AddMembershipAsync(group.Id, member.Email, "member");
        return (group, facilitator, member);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, int groupId, string? title, string? description, string fileName = "notes.txt", bool confirm = false) =>
        client.PostAsync($"/api/v1/groups/{groupId}/documents", FileForm(title, description, fileName, confirm, token: null));

    private static MultipartFormDataContent FileForm(string? title, string? description, string fileName, bool confirm, string? token)
    {
        var file = new ByteArrayContent("Notes of the working group."u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        foreach (var (name, value) in new[] { ("title", title), ("description", description), ("confirmPersonalData", confirm ? "true" : null), ("__RequestVerificationToken", token) })
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }
        return form;
    }

    /// <summary>Each page, read by its session, carries nothing live, and shows the texts of <paramref name="shown"/>
    /// as text (so the payloads did reach it).</summary>
    private static async Task AssertPagesInertAsync(string payload, IReadOnlyList<string> shown, params (BrowserSession Session, string Path)[] pages)
    {
        foreach (var (session, path) in pages)
        {
            using var page = await session.GetPageAsync(path);
            Html.AssertPageInert(path, payload, page.Html);
        }
        using var first = await pages[0].Session.GetPageAsync(pages[0].Path);
        foreach (var text in shown)
        {
            Assert.Contains(text, first.Document.Body!.TextContent, StringComparison.Ordinal);
        }
    }

    /// <summary>The payloads joined by new lines into texts of at most <paramref name="maxLength"/> characters.</summary>
    private static IEnumerable<string> Chunks(IReadOnlyList<string> payloads, int maxLength)
    {
        var chunk = "";
        foreach (var payload in payloads)
        {
            if (chunk.Length > 0 && chunk.Length + 1 + payload.Length > maxLength)
            {
                yield return chunk;
                chunk = "";
            }
            chunk = chunk.Length == 0 ? payload : chunk + "\n" + payload;
        }
        if (chunk.Length > 0)
        {
            yield return chunk;
        }
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class TextSurfaceTestsOnSqlite(SqliteFixture fixture) : TextSurfaceTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class TextSurfaceTestsOnPostgres(PostgresFixture fixture) : TextSurfaceTests(fixture);
