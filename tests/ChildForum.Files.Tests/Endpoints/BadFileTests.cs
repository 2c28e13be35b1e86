using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>Every file the site refuses gets a 400 that names <c>file</c> with a sentence the uploader can act on, in
/// their language, and leaves no document behind.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class BadFileTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    public static TheoryData<string, string, byte[], string> BadFiles => new()
    {
        { "empty", "empty.pdf", [], "empty" },
        { "PNG named as a PDF", "report.pdf", SampleFiles.Png(), "not a PDF file" },
        { "PDF named as a Word file", "report.docx", SampleFiles.Pdf(), "not a Word file" },
        { "Word file named as Excel", "table.xlsx", SampleFiles.Docx(), "not a Excel file" },
        { "a ZIP named as Word", "report.docx", SampleFiles.PlainZip(), "not a Word file" },
        { "a program", "setup.exe", [0x4D, 0x5A, 0x90, 0x00], "Files named .exe are not accepted" },
        { "no extension", "README", SampleFiles.Text(), "Files named .? are not accepted" },
        { "HTML named as text is fine, but a PDF is not text", "notes.txt", SampleFiles.Pdf(), "not plain UTF-8 text" },
        { "text with a NUL", "notes.txt", Encoding.UTF8.GetBytes("a\0b"), "not plain UTF-8 text" },
        { "CSV in GB18030, not UTF-8", "table.csv", [0xC1, 0xF4, 0xCA, 0xD8, 0x2C, 0x31, 0x0A], "not plain UTF-8 text" },
        { "a zip bomb inside a DOCX", "bomb.docx", SampleFiles.DocxBomb(), "expand to far more data" },
        { "a path in the name", "../../etc/report.pdf", SampleFiles.Pdf(), "contains a path" },
        { "a Windows path in the name", "C:\\Users\\report.pdf", SampleFiles.Pdf(), "contains a path" },
        { "a control character in the name", "report\u0007.pdf", SampleFiles.Pdf(), "control characters" },
        { "a right-to-left override in the name", "report\u202Efdp.exe", SampleFiles.Pdf(), "control characters" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_a_sentence_naming_file(string why, string fileName, byte[] bytes, string expected)
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendUploadAsync(group.Id, fileName, bytes);
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);

        var message = Assert.Single(Assert.Contains("file", problem.Errors));
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
        Assert.NotNull(why);
    }

    [Fact]
    public async Task A_bad_new_version_is_refused_and_the_document_keeps_its_version()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "report.pdf", SampleFiles.Pdf());

        using var response = await cso.SendVersionAsync(document.Id, "report.pdf", SampleFiles.Png());

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1, Assert.Single(await cso.DocumentsAsync(group.Id)).Version);
    }

    [Fact]
    public async Task Two_files_or_none_in_one_request_are_refused_and_a_body_that_is_no_form_is_415()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var two = DocumentApi.Form("a.pdf", SampleFiles.Pdf());
        DocumentApi.AddFile(two, "file", "b.pdf", SampleFiles.Pdf());
        using var none = new MultipartFormDataContent { { new StringContent("A title"), "title" } };
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");

        using var twoAnswer = await cso.PostAsync($"/api/v1/groups/{group.Id}/documents", two);
        using var noneAnswer = await cso.PostAsync($"/api/v1/groups/{group.Id}/documents", none);
        using var jsonAnswer = await cso.PostAsync($"/api/v1/groups/{group.Id}/documents", json);

        Assert.Contains("one file per request", Assert.Single((await twoAnswer.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors["file"]), StringComparison.Ordinal);
        Assert.Contains("Choose a file", Assert.Single((await noneAnswer.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors["file"]), StringComparison.Ordinal);
        await jsonAnswer.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }

    [Fact]
    public async Task The_refusal_is_in_the_uploader_s_language()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        cso.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-Hans"));

        using var mismatch = await cso.SendUploadAsync(group.Id, "report.pdf", SampleFiles.Png());
        using var empty = await cso.SendUploadAsync(group.Id, "report.pdf", []);

        Assert.Equal("文件内容不是其名称（.pdf）所示的 PDF 文件：请以该格式重新保存，或按其实际类型重命名。", Assert.Single((await mismatch.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors["file"]));
        Assert.Equal("文件是空的：请选择有内容的文件。", Assert.Single((await empty.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors["file"]));
    }
}

/// <summary><c>Files:MaxBytes</c> on a real server: a file over it is 413 with the limit, whether it is caught while the
/// file is read or by the request body limit the route sets.</summary>
[Collection(SmallLimitFixture.Collection)]
public sealed class SizeLimitTests(SmallLimitFixture fixture) : ForumTest(fixture)
{
    [Theory]
    [InlineData(SmallLimitFixture.MaxBytes + 1)]
    [InlineData(4 * 1024 * 1024)]
    public async Task A_file_over_the_limit_is_413_saying_the_limit(long size)
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        // As browsers and careful clients do, so that a refused body need not be sent whole before the answer is read.
        cso.DefaultRequestHeaders.ExpectContinue = true;
        var bytes = new byte[size];
        "%PDF-"u8.CopyTo(bytes);

        using var response = await cso.SendUploadAsync(group.Id, "big.pdf", bytes);
        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("limit of 65536 bytes", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("\"maxBytes\":65536", problem.Body, StringComparison.Ordinal);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }

    [Fact]
    public async Task A_file_exactly_at_the_limit_is_accepted()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var bytes = new byte[SmallLimitFixture.MaxBytes];
        "%PDF-"u8.CopyTo(bytes);

        var document = await cso.UploadAsync(group.Id, "full.pdf", bytes);

        Assert.Equal(SmallLimitFixture.MaxBytes, document.Size);
    }
}
