using System.Net;
using System.Net.Http.Json;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Pages;

/// <summary>The group's documents page and the upload page, as a browser without script uses them: the list, the
/// plain upload form (its errors next to the field), delete buttons only where the person may delete.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class LibraryPageTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task Members_see_the_documents_and_the_upload_form_and_others_get_404()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.UploadAsync(group.Id, "survey.pdf", SampleFiles.Pdf(), ("title", "Survey <of> 2026"));

        using var member = await App.SignInWithCookieAsync(DemoUsers.Official);
        using var page = await member.GetPageAsync($"/groups/{group.Slug}/documents");
        Assert.Contains("Survey <of> 2026", page.TextOf("table.documents"), StringComparison.Ordinal);
        Assert.DoesNotContain("<of>", page.Html, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("form.upload-form input[type=file][name=file]"));
        // Only the uploader and facilitators may delete: not this member.
        Assert.Null(page.Document.QuerySelector("form[action*='handler=Delete']"));

        using var observer = await App.SignInWithCookieAsync(DemoUsers.Researcher);
        using var observed = await observer.GetPageAsync($"/groups/{group.Slug}/documents");
        Assert.Null(observed.Document.QuerySelector("form.upload-form"));

        foreach (var client in new[] { (await App.SignInWithCookieAsync(DemoUsers.Outsider)).Client, App.CreateBrowserSession().Client })
        {
            using (client)
            {
                using var response = await client.GetAsync($"/groups/{group.Slug}/documents");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain("Survey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_plain_form_uploads_a_file_and_returns_to_the_list()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/documents");

        using var response = await PostUploadAsync(session, page, group.Slug, "minutes.txt", SampleFiles.Text(), ("title", "Minutes of May"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/groups/{group.Slug}/documents", response.Headers.Location?.OriginalString);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = Assert.Single(await cso.DocumentsAsync(group.Id));
        Assert.Equal(("Minutes of May", "minutes.txt"), (document.Title, document.FileName));
        using var after = await session.GetPageAsync($"/groups/{group.Slug}/documents");
        Assert.Contains("Minutes of May", after.TextOf("table.documents"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_is_answered_next_to_the_field_and_nothing_is_stored()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/documents");

        using var response = await PostUploadAsync(session, page, group.Slug, "report.pdf", SampleFiles.Png());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = await HtmlPage.ReadAsync(response);
        Assert.Contains("not a PDF file", answer.TextOf(".field-error"), StringComparison.Ordinal);
        Assert.Equal("true", answer.Document.QuerySelector("input[type=file]")?.GetAttribute("aria-invalid"));
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }

    [Fact]
    public async Task A_form_without_a_file_or_with_a_made_up_attachment_is_answered_next_to_the_field()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/documents");

        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in page.MainFormFields())
        {
            content.Add(new StringContent(value), name);
        }
        using var noFile = await session.Client.PostAsync($"/groups/{group.Slug}/documents/upload", content);
        using var madeUp = await PostUploadAsync(session, page, group.Slug, "a.txt", SampleFiles.Text(), ("attachTo", "agenda-item:999999999"));

        foreach (var response in new[] { noFile, madeUp })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var answer = await HtmlPage.ReadAsync(response);
            Assert.False(string.IsNullOrWhiteSpace(answer.TextOf(".field-error")), answer.Html[..Math.Min(answer.Html.Length, 500)]);
        }
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }

    [Fact]
    public async Task A_malformed_multipart_body_is_answered_next_to_the_field_not_with_an_error_page()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var body = new StringContent("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary");
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");

        using var response = await session.Client.PostAsync($"/groups/{group.Slug}/documents/upload", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = await HtmlPage.ReadAsync(response);
        Assert.Contains("could not be read", answer.TextOf(".field-error"), StringComparison.Ordinal);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var api = new StringContent("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary");
        api.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");
        using var problem = await cso.PostAsync($"/api/v1/groups/{group.Id}/documents", api);
        Assert.Contains("file", (await problem.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [Theory]
    [InlineData("title", "description")]
    [InlineData("description", "title")]
    public async Task The_guards_question_about_a_phone_number_stands_with_its_box_next_to_the_field_that_holds_it(string holder, string other)
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/documents");

        using var response = await PostUploadAsync(session, page, group.Slug, "contacts.txt", SampleFiles.Text(), (holder, "Call the hotline 13812345678"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = await HtmlPage.ReadAsync(response);
        Assert.Contains("phone number or e-mail address (…5678)", answer.TextOf($"#upload-library-{holder}-error"), StringComparison.Ordinal);
        Assert.Equal("true", answer.Document.QuerySelector($"#upload-library-{holder}")?.GetAttribute("aria-invalid"));
        var box = answer.Document.QuerySelector("input[type=checkbox][name=confirmPersonalData]") ?? throw new Xunit.Sdk.XunitException("No confirmation box.");
        Assert.Same(answer.Document.QuerySelector($"#upload-library-{holder}")?.ParentElement, box.Closest(".field"));
        Assert.Single(answer.Document.QuerySelectorAll("input[name=confirmPersonalData]"));
        Assert.Equal("", answer.TextOf("#upload-library-file-error"));
        Assert.Equal("", answer.TextOf($"#upload-library-{other}-error"));
        Assert.Null(answer.Document.QuerySelector("#upload-library-file")?.GetAttribute("aria-invalid"));
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Empty(await cso.DocumentsAsync(group.Id));

        using var confirmed = await PostUploadAsync(session, page, group.Slug, "contacts.txt", SampleFiles.Text(), (holder, "Call the hotline 13812345678"), ("confirmPersonalData", "true"));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Single(await cso.DocumentsAsync(group.Id));
    }

    [Fact]
    public async Task Without_the_antiforgery_token_nothing_is_stored_and_a_foreign_return_address_is_not_followed()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/documents");

        using (var forged = await PostUploadAsync(session, page, group.Slug, "a.txt", SampleFiles.Text(), ("__RequestVerificationToken", "")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Empty(await cso.DocumentsAsync(group.Id));

        using var elsewhere = await PostUploadAsync(session, page, group.Slug, "b.txt", SampleFiles.Text(), ("returnUrl", "//evil.example/"));
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Equal($"/groups/{group.Slug}/documents", elsewhere.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_uploader_deletes_from_the_page_and_another_member_may_not()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "notes.md", SampleFiles.Text("# Notes\n"));

        using var other = await App.SignInWithCookieAsync(DemoUsers.Official);
        using (var page = await other.GetPageAsync($"/groups/{group.Slug}/documents"))
        {
            using var refused = await other.PostFormAsync($"/groups/{group.Slug}/documents?handler=Delete&id={document.Id}", page.MainFormFields());
            // Refused as the site refuses a page action: to the access-denied page; the document stays.
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("denied", refused.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
            Assert.Single(await cso.DocumentsAsync(group.Id));
        }

        using var uploader = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var mine = await uploader.GetPageAsync($"/groups/{group.Slug}/documents");
        var form = mine.Document.QuerySelector("form[action*='handler=Delete']") ?? throw new Xunit.Sdk.XunitException("No delete button for the uploader.");
        using var deleted = await uploader.PostFormAsync(form.GetAttribute("action")!, mine.MainFormFields());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }

    [Fact]
    public async Task Meeting_papers_are_listed_under_their_agenda_item_and_only_facilitators_get_the_form()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var day = DateTime.UtcNow.Date.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var created = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Spring meeting", startsAt = day + "T10:00", endsAt = day + "T12:00", timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Survey findings" } },
        });
        var meeting = await created.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created);
        var item = meeting.Agenda.Single().Id;
        await facilitator.UploadAsync(group.Id, "survey.pdf", SampleFiles.Pdf(), ("title", "Survey paper"), ("attachTo", $"agenda-item:{item}"));
        using (var publish = await facilitator.PostAsync($"/api/v1/meetings/{meeting.Id}/agenda/publish", null))
        {
            Assert.True(publish.IsSuccessStatusCode, $"publish: {(int)publish.StatusCode}");
        }

        using var facilitating = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var theirs = await facilitating.GetPageAsync($"/groups/{group.Slug}/meetings/{meeting.Id}");
        Assert.Contains("Survey paper", theirs.TextOf($"#item-{item} .attachments"), StringComparison.Ordinal);
        Assert.Equal($"agenda-item:{item}", theirs.Document.QuerySelector($"#item-{item} form.upload-form input[name=attachTo]")?.GetAttribute("value"));

        using var member = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var ours = await member.GetPageAsync($"/groups/{group.Slug}/meetings/{meeting.Id}");
        Assert.Contains("Survey paper", ours.TextOf($"#item-{item} .attachments"), StringComparison.Ordinal);
        Assert.Null(ours.Document.QuerySelector($"#item-{item} form.upload-form"));
    }

    private static async Task<HttpResponseMessage> PostUploadAsync(BrowserSession session, HtmlPage page, string slug, string fileName, byte[] bytes, params (string Name, string Value)[] overrides)
    {
        var fields = page.MainFormFields();
        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        DocumentApi.AddFile(form, "file", fileName, bytes);
        return await session.Client.PostAsync($"/groups/{slug}/documents/upload", form).WaitAsync(DocumentApi.Patience);
    }

    private sealed record AgendaItemJson(int Id, string Title);
    private sealed record MeetingJson(int Id, List<AgendaItemJson> Agenda);
}

/// <summary>The upload page under a small limit, on Kestrel (which enforces it as production does).</summary>
[Collection(SmallLimitFixture.Collection)]
public sealed class UploadPageLimitTests(SmallLimitFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_file_over_the_limit_is_answered_on_the_page_with_the_limit()
    {
        var group = await App.NewGroupAsync();
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await session.GetPageAsync($"/groups/{group.Slug}/documents/upload");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in page.MainFormFields())
        {
            form.Add(new StringContent(value), name);
        }
        var bytes = new byte[SmallLimitFixture.MaxBytes * 2];
        "%PDF-"u8.CopyTo(bytes);
        DocumentApi.AddFile(form, "file", "big.pdf", bytes);

        using var response = await session.Client.PostAsync($"/groups/{group.Slug}/documents/upload", form).WaitAsync(DocumentApi.Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = await HtmlPage.ReadAsync(response);
        Assert.Contains("limit of 65536 bytes", answer.TextOf(".field-error"), StringComparison.Ordinal);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }
}

/// <summary>A file the children's-data guard held back, on the documents page.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class HeldFilePageTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_held_file_is_marked_for_facilitators_who_release_it_and_members_do_not_see_it_until_then()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using (var upload = await cso.SendUploadAsync(group.Id, "case-notes.docx", OfficeFiles.Docx(["Case notes", $"身份证号 {IdNumbers.Valid}"]), ("title", "Case notes")))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        using var member = await App.SignInWithCookieAsync(DemoUsers.Official);
        using (var before = await member.GetPageAsync($"/groups/{group.Slug}/documents"))
        {
            Assert.DoesNotContain("Case notes", before.Html, StringComparison.Ordinal);
        }

        using var facilitator = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var page = await facilitator.GetPageAsync($"/groups/{group.Slug}/documents");
        Assert.Contains("Held back", page.TextOf("table.documents"), StringComparison.Ordinal);
        var release = page.Document.QuerySelector("form[action*='handler=Release']") ?? throw new Xunit.Sdk.XunitException("No release button for the facilitator.");
        using (var released = await facilitator.PostFormAsync(release.GetAttribute("action")!, page.MainFormFields()))
        {
            Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        }

        using var after = await member.GetPageAsync($"/groups/{group.Slug}/documents");
        Assert.Contains("Case notes", after.TextOf("table.documents"), StringComparison.Ordinal);
        Assert.DoesNotContain("Held back", after.Html, StringComparison.Ordinal);
    }
}
