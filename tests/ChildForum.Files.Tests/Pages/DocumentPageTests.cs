using System.Net;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Pages;

/// <summary>A document's own page (<c>/groups/{slug}/documents/{id}</c>): what it is, its versions each with a download,
/// and the new-version form without script (answered next to the field); who may see and change it.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class DocumentPageTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task The_library_links_to_the_page_which_shows_the_document_and_its_versions()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "survey.txt", SampleFiles.Text("First"), ("title", "Survey <2026>"), ("description", "Findings of the spring survey"), ("language", "zh-Hans"));
        using (var second = await cso.SendVersionAsync(document.Id, "survey-2.txt", SampleFiles.Text("Second, longer")))
        {
            await second.AssertStatusAsync(HttpStatusCode.Created);
        }

        using var reader = await App.SignInWithCookieAsync(DemoUsers.Researcher);
        using var library = await reader.GetPageAsync($"/groups/{group.Slug}/documents");
        var link = library.Document.QuerySelector($"table.documents a[href='/groups/{group.Slug}/documents/{document.Id}']");
        Assert.Equal("Survey <2026>", link?.TextContent);

        using var page = await reader.GetPageAsync($"/groups/{group.Slug}/documents/{document.Id}");
        Assert.Equal("Survey <2026>", page.TextOf("h1"));
        Assert.DoesNotContain("<2026>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Findings of the spring survey", page.TextOf(".document-facts"), StringComparison.Ordinal);
        Assert.Contains("Simplified Chinese", page.TextOf(".document-facts"), StringComparison.Ordinal);
        var downloads = page.Document.QuerySelectorAll("table.document-versions a[download]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/api/v1/documents/{document.Id}/versions/2/content", $"/api/v1/documents/{document.Id}/versions/1/content"], downloads);
        using (var first = await reader.Client.GetAsync(downloads[1]))
        {
            await first.AssertStatusAsync(HttpStatusCode.OK);
            Assert.Equal(SampleFiles.Text("First"), await first.Content.ReadAsByteArrayAsync());
            Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        }
        // An observer may not upload: no form.
        Assert.Null(page.Document.QuerySelector("form.upload-form"));
    }

    [Fact]
    public async Task Others_get_404_naming_nothing_and_a_member_who_did_not_upload_gets_no_form_and_403()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "plan.txt", SampleFiles.Text("Plan"), ("title", "Secret plan"));
        var url = $"/groups/{group.Slug}/documents/{document.Id}";

        foreach (var client in new[] { (await App.SignInWithCookieAsync(DemoUsers.Outsider)).Client, App.CreateBrowserSession().Client })
        {
            using (client)
            {
                foreach (var path in new[] { url, url + "/version" })
                {
                    using var response = await client.GetAsync(path);
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound || (response.StatusCode == HttpStatusCode.Redirect && path.EndsWith("/version", StringComparison.Ordinal)), $"{path}: {(int)response.StatusCode}");
                    Assert.DoesNotContain("Secret plan", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }
        }
        // The URL's group must be the document's.
        var other = await App.NewGroupAsync();
        using var member = await App.SignInWithCookieAsync(DemoUsers.Official);
        using (var elsewhere = await member.Client.GetAsync($"/groups/{other.Slug}/documents/{document.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        }

        using var page = await member.GetPageAsync(url);
        Assert.Null(page.Document.QuerySelector("form.upload-form"));
        using var refused = await member.Client.GetAsync(url + "/version");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("denied", refused.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_uploader_adds_a_version_without_script_and_a_bad_file_is_answered_next_to_the_field()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "report.pdf", SampleFiles.Pdf(), ("title", "Report"));
        using var uploader = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await uploader.GetPageAsync($"/groups/{group.Slug}/documents/{document.Id}");
        var form = page.Document.QuerySelector("form.upload-form") ?? throw new Xunit.Sdk.XunitException("No new-version form for the uploader.");
        Assert.Equal($"/api/v1/documents/{document.Id}/versions", form.GetAttribute("data-upload-api"));
        var action = form.GetAttribute("action")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";

        using (var bad = await PostFileAsync(uploader, action, token, "report.pdf", SampleFiles.Png()))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            using var answer = await HtmlPage.ReadAsync(bad);
            Assert.Contains("not a PDF file", answer.TextOf(".field-error"), StringComparison.Ordinal);
            Assert.Equal("true", answer.Document.QuerySelector("input[type=file]")?.GetAttribute("aria-invalid"));
        }
        using (var forged = await PostFileAsync(uploader, action, "", "report.pdf", SampleFiles.Pdf()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        Assert.Equal(1, Assert.Single(await cso.DocumentsAsync(group.Id)).Version);

        using (var good = await PostFileAsync(uploader, action, token, "report-v2.txt", SampleFiles.Text("Version two")))
        {
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
            Assert.Equal($"/groups/{group.Slug}/documents/{document.Id}", good.Headers.Location?.OriginalString);
        }
        var current = Assert.Single(await cso.DocumentsAsync(group.Id));
        Assert.Equal((2, "report-v2.txt"), (current.Version, current.FileName));
        using var after = await uploader.GetPageAsync($"/groups/{group.Slug}/documents/{document.Id}");
        Assert.Equal(2, after.Document.QuerySelectorAll("table.document-versions tbody tr").Length);
    }

    [Fact]
    public async Task A_held_newer_version_leaves_the_page_to_readers_with_the_last_released_one()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "notes.txt", SampleFiles.Text("Visit notes"), ("title", "Visit notes"));
        using (var held = await cso.SendVersionAsync(document.Id, "notes-2.txt", SampleFiles.Text($"Child ID {IdNumbers.Valid}")))
        {
            await held.AssertStatusAsync(HttpStatusCode.Created);
        }

        using var reader = await App.SignInWithCookieAsync(DemoUsers.Researcher);
        using var page = await reader.GetPageAsync($"/groups/{group.Slug}/documents/{document.Id}");
        Assert.Single(page.Document.QuerySelectorAll("table.document-versions tbody tr"));
        Assert.DoesNotContain("notes-2.txt", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Held back", page.Html, StringComparison.Ordinal);

        using var facilitator = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var theirs = await facilitator.GetPageAsync($"/groups/{group.Slug}/documents/{document.Id}");
        Assert.Equal(2, theirs.Document.QuerySelectorAll("table.document-versions tbody tr").Length);
        Assert.Contains("Held back", theirs.TextOf("table.document-versions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_link_to_the_library_filtered_by_them_and_a_bad_tag_is_answered_next_to_its_field()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var survey = await cso.UploadAsync(group.Id, "survey.txt", SampleFiles.Text("Survey"), ("title", "Survey"), ("tags", "调查, 2026"));
        await cso.UploadAsync(group.Id, "minutes.txt", SampleFiles.Text("Minutes"), ("title", "Minutes"));

        using var reader = await App.SignInWithCookieAsync(DemoUsers.Researcher);
        using var page = await reader.GetPageAsync($"/groups/{group.Slug}/documents/{survey.Id}");
        var links = page.Document.QuerySelectorAll(".document-facts .tag-list a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("2026", $"/groups/{group.Slug}/documents?tag=2026"), ("调查", $"/groups/{group.Slug}/documents?tag=%E8%B0%83%E6%9F%A5")], links);

        using var filtered = await reader.GetPageAsync(links[1].Item2!);
        var titles = filtered.Document.QuerySelectorAll("table.documents tbody tr td:first-child > a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Survey"], titles);
        Assert.Contains("调查", filtered.TextOf("#documents-heading"), StringComparison.Ordinal);

        using var uploader = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var form = await uploader.GetPageAsync($"/groups/{group.Slug}/documents/upload");
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.MainFormFields())
        {
            content.Add(new StringContent(value), name);
        }
        content.Add(new StringContent(string.Join(",", Enumerable.Range(1, 11))), "tags");
        DocumentApi.AddFile(content, "file", "a.txt", SampleFiles.Text("A"));
        using var refused = await uploader.Client.PostAsync($"/groups/{group.Slug}/documents/upload", content).WaitAsync(DocumentApi.Patience);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        using var answer = await HtmlPage.ReadAsync(refused);
        var tags = answer.Document.QuerySelector("input[name=tags]");
        Assert.Equal("true", tags?.GetAttribute("aria-invalid"));
        Assert.Contains("at most 10 tags", answer.Document.GetElementById(tags!.GetAttribute("aria-describedby")!.Split(' ')[1])?.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await cso.DocumentsAsync(group.Id)).Count);
    }

    private static async Task<HttpResponseMessage> PostFileAsync(BrowserSession session, string action, string token, string fileName, byte[] bytes)
    {
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        DocumentApi.AddFile(form, "file", fileName, bytes);
        return await session.Client.PostAsync(action, form).WaitAsync(DocumentApi.Patience);
    }
}
