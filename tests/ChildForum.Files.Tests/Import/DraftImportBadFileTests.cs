using System.Net;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Import;

/// <summary>A file that is not a readable Word document is refused with a 400 that names <c>file</c>, as the documents
/// upload does, and no draft is made; a file over the limit is 413 with the limit.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class DraftImportBadFileTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    public static TheoryData<string, string, byte[], string> BadFiles => new()
    {
        { "a PDF renamed .docx", "draft.docx", SampleFiles.Pdf(), "not a Word file" },
        { "an Excel file", "table.xlsx", SampleFiles.Xlsx(), "Only a Word document (.docx) can be imported" },
        { "a PDF", "draft.pdf", SampleFiles.Pdf(), "Only a Word document (.docx) can be imported" },
        { "an empty file", "draft.docx", [], "empty" },
        { "a zip bomb", "bomb.docx", SampleFiles.DocxBomb(), "expand to far more data" },
        { "a package with Word's parts but no relationships", "damaged.docx", SampleFiles.Docx(), "could not be read" },
        { "a document without text", "blank.docx", WordFile.Paragraphs(" ", ""), "no text to import" },
        { "a path in the name", "../draft.docx", WordFile.Paragraphs("Text."), "contains a path" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_on_file_for_a_draft_and_for_a_version(string why, string fileName, byte[] bytes, string expected)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var draft = await (await facilitator.SendImportAsync(group.Id, "first.docx", WordFile.Paragraphs("First."))).ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created);

        using var asDraft = await facilitator.SendImportAsync(group.Id, fileName, bytes);
        using var asVersion = await facilitator.SendVersionImportAsync(draft.Id, fileName, bytes);

        foreach (var answer in new[] { asDraft, asVersion })
        {
            var problem = await answer.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(expected, Assert.Single(problem.Errors["file"]), StringComparison.Ordinal);
        }
        using var list = await facilitator.GetAsync($"/api/v1/groups/{group.Id}/drafts");
        Assert.Single(await list.ReadJsonAsync<List<System.Text.Json.JsonElement>>());
        Assert.NotNull(why);
    }

    [Fact]
    public async Task A_form_without_a_file_is_refused_on_file()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var form = new MultipartFormDataContent { { new StringContent("A title"), "title" } };

        using var response = await facilitator.PostAsync($"/api/v1/groups/{group.Id}/drafts/import", form);

        Assert.Contains("Choose a file", Assert.Single((await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors["file"]), StringComparison.Ordinal);
    }
}

/// <summary>The documents' size limit holds for imports.</summary>
[Collection(SmallLimitFixture.Collection)]
public sealed class DraftImportSizeLimitTests(SmallLimitFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_Word_file_over_the_limit_is_413_saying_the_limit()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        facilitator.DefaultRequestHeaders.ExpectContinue = true;
        var bytes = new byte[SmallLimitFixture.MaxBytes + 1];
        "PK\u0003\u0004"u8.CopyTo(bytes);

        using var response = await facilitator.SendImportAsync(group.Id, "big.docx", bytes);

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("limit of 65536 bytes", problem.Detail, StringComparison.Ordinal);
    }
}
