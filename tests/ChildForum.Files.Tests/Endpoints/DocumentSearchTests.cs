using System.Globalization;
using System.Net;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>Search type <c>document</c>: the text of a PDF (per page, the page in the title and the link) and of a DOCX,
/// in Chinese and English, is found by the group's readers and by nobody else; a new version replaces the old text and
/// a deleted document is gone.</summary>
public abstract class DocumentSearchTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_pdf_is_found_by_a_chinese_and_an_english_word_with_its_page()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var pdf = await cso.UploadAsync(group.Id, "survey.pdf", OfficeFiles.SurveyPdf(), ("title", "Hunan survey"));
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);

        var english = Assert.Single((await observer.SearchDocumentsUntilAsync("grandparents", group.Id, a => a.Total > 0, "the PDF")).Items);
        var chinese = Assert.Single((await observer.SearchDocumentsAsync("监护", group.Id)).Items);
        var firstPage = Assert.Single((await observer.SearchDocumentsAsync("method", group.Id)).Items);

        var id = pdf.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(("document", id, "Hunan survey (p. 2)", $"/api/v1/documents/{id}/content#page=2"), (english.Type, english.Id, english.Title, english.Url));
        Assert.Contains("<mark>grandparents</mark>", english.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(("Hunan survey (p. 2)", id), (chinese.Title, chinese.Id));
        Assert.Contains("<mark>", chinese.Snippet, StringComparison.Ordinal);
        Assert.Equal("Hunan survey (p. 1)", firstPage.Title);
    }

    [SkippableFact]
    public async Task A_docx_is_found_by_a_chinese_and_an_english_word_by_readers_only()
    {
        var group = await App.NewGroupAsync();
        var other = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = "kinship" + Guid.NewGuid().ToString("N")[..8];
        var docx = await cso.UploadAsync(group.Id, "regulation.docx",
            OfficeFiles.Docx([$"Draft regulation on {word} care", "第一条 为了保障农村留守儿童的权益，制定本条例。"], cell: "Article 2", footnote: "Ministry of Civil Affairs"),
            ("title", "Regulation draft"));
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);

        var english = Assert.Single((await observer.SearchDocumentsUntilAsync(word, group.Id, a => a.Total > 0, "the DOCX")).Items);
        var chinese = Assert.Single((await observer.SearchDocumentsAsync("权益", group.Id)).Items);
        var footnote = Assert.Single((await observer.SearchDocumentsAsync("ministry", group.Id)).Items);

        Assert.Equal(("document", docx.Id.ToString(CultureInfo.InvariantCulture), "Regulation draft"), (english.Type, english.Id, english.Title));
        Assert.Equal(english.Id, chinese.Id);
        Assert.Equal(english.Id, footnote.Id);

        var outsider = await App.CreateUserAsync();
        await App.AddMembershipAsync(other.Id, outsider.Email, "member");
        using var otherMember = await App.ClientForAsync(outsider);
        using var anonymous = App.CreateAnonymousClient();
        foreach (var client in new[] { otherMember, anonymous })
        {
            using var response = await client.GetAsync($"/api/v1/search?type=document&q={word}");
            var answer = await response.ReadJsonAsync<SearchAnswerJson>();
            Assert.Equal(0, answer.Total);
        }
    }

    [SkippableFact]
    public async Task A_new_version_replaces_the_text_and_a_deleted_document_is_not_found()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "notes.md", SampleFiles.Text("Orchard visit notes 果园"));
        await cso.SearchDocumentsUntilAsync("orchard", group.Id, a => a.Total > 0, "version 1");

        using (var version = await cso.SendVersionAsync(document.Id, "notes.md", SampleFiles.Text("Vineyard visit notes")))
        {
            await version.AssertStatusAsync(HttpStatusCode.Created);
        }
        await cso.SearchDocumentsUntilAsync("vineyard", group.Id, a => a.Total > 0, "version 2");
        Assert.Equal(0, (await cso.SearchDocumentsAsync("orchard", group.Id)).Total);

        using (var delete = await cso.DeleteAsync($"/api/v1/documents/{document.Id}"))
        {
            await delete.AssertStatusAsync(HttpStatusCode.NoContent);
        }
        await cso.SearchDocumentsUntilAsync("vineyard", group.Id, a => a.Total == 0, "no hit once deleted");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DocumentSearchTestsOnSqlite(SqliteAppFixture fixture) : DocumentSearchTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DocumentSearchTestsOnPostgres(PostgresAppFixture fixture) : DocumentSearchTests(fixture);
