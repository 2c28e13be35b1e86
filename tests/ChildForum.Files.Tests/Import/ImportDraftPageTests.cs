using System.Net;
using System.Text.Json;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Import;

/// <summary>The import page without JavaScript: a plain multipart form that leads to the new draft (or version) with
/// the notes in its status message, shows a refusal next to the file field, and is offered only to facilitators.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class ImportDraftPageTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_facilitator_imports_a_draft_and_then_a_version_through_the_form_and_reads_the_notes()
    {
        var group = await App.NewGroupAsync();
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using (var drafts = await browser.GetPageAsync($"/groups/{group.Slug}"))
        {
            Assert.NotNull(drafts.Document.QuerySelector($"a[href='/groups/{group.Slug}/drafts/import']"));
        }

        using var created = await PostAsync(browser, $"/groups/{group.Slug}/drafts/import", WordFile.Rich(), ("Title", ""));
        await created.AssertStatusAsync(HttpStatusCode.Redirect);
        var draftUrl = created.Headers.Location!.OriginalString;
        using (var draft = await browser.GetPageAsync(draftUrl))
        {
            Assert.Contains("1 image left out; 1 comment left out; tracked changes accepted", draft.Html, StringComparison.Ordinal);
            Assert.Contains("Draft regulation 条例草案", draft.Html, StringComparison.Ordinal);
            Assert.NotNull(draft.Document.QuerySelector($"a[href='{draftUrl}/import']"));
        }

        using var version = await PostAsync(browser, $"{draftUrl}/import", WordFile.Rich(ageClause: "16"), ("Note", "Age lowered"));
        await version.AssertStatusAsync(HttpStatusCode.Redirect);
        using var api = await App.ClientForAsync(DemoUsers.Facilitator);
        using var read = await api.GetAsync("/api/v1" + draftUrl[draftUrl.IndexOf("/drafts/", StringComparison.Ordinal)..]);
        Assert.Equal(2, (await read.ReadJsonAsync<DraftJson>()).Version);
    }

    [Fact]
    public async Task A_bad_file_is_answered_on_the_page_next_to_the_file_field_and_members_are_refused()
    {
        var group = await App.NewGroupAsync();
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var member = await App.SignInWithCookieAsync(DemoUsers.Cso);

        using var refused = await PostAsync(browser, $"/groups/{group.Slug}/drafts/import", SampleFiles.Pdf(), ("Title", "x"), fileName: "draft.pdf");
        using var byMember = await member.Client.GetAsync($"/groups/{group.Slug}/drafts/import");

        await refused.AssertStatusAsync(HttpStatusCode.BadRequest);
        using var page = await HtmlPage.ReadAsync(refused);
        Assert.Contains("Only a Word document (.docx) can be imported", page.TextOf("#File-error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, byMember.StatusCode);
        Assert.StartsWith("/account/access-denied", byMember.Headers.Location?.PathAndQuery ?? byMember.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var api = await App.ClientForAsync(DemoUsers.Facilitator);
        using var list = await api.GetAsync($"/api/v1/groups/{group.Id}/drafts");
        Assert.Empty(await list.ReadJsonAsync<List<JsonElement>>());
    }

    /// <summary>Reads the form page for its antiforgery token, then posts the form as a browser does (multipart).</summary>
    private static async Task<HttpResponseMessage> PostAsync(BrowserSession browser, string url, byte[] file, (string Name, string Value) field, string fileName = "draft.docx")
    {
        Dictionary<string, string> fields;
        using (var page = await browser.GetPageAsync(url))
        {
            fields = page.MainFormFields();
        }
        fields[field.Name] = field.Value;
        using var form = DocumentApi.Form(fileName, file, fields.Where(f => f.Key != "file").Select(f => (f.Key, f.Value)).ToArray());
        return await browser.Client.PostAsync(url, form);
    }
}
