using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Testing;
using Microsoft.Playwright;

namespace ChildForum.BrowserTests;

/// <summary>Documents through the pages in Chromium: a facilitator attaches meeting papers to an agenda item (several
/// files at once, through the script's upload with progress), a member finds them under the item, the documents page
/// lists them; a Word file becomes a policy draft through the import page; a member attaches a file to their message and
/// uploads a new version on the document's page. axe finds nothing serious on these pages.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class DocumentTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Facilitator_uploads_meeting_papers_and_imports_a_Word_draft_through_the_pages()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var api = await browser.App.ClientForAsync(DemoUsers.Facilitator);
        var day = DateTime.UtcNow.Date.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var created = await api.PostAsJsonAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Papers meeting", startsAt = day + "T10:00", endsAt = day + "T12:00", timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Survey findings" } },
        });
        var meeting = await created.ReadJsonAsync<MeetingJson>(System.Net.HttpStatusCode.Created);
        var item = meeting.Agenda.Single().Id;
        using (var published = await api.PostAsync($"/api/v1/meetings/{meeting.Id}/agenda/publish", null))
        {
            Assert.True(published.IsSuccessStatusCode);
        }

        var facilitator = await browser.SignedInPageAsync(DemoUsers.Facilitator);
        await facilitator.GotoAsync($"/groups/{group.Slug}/meetings/{meeting.Id}");
        var agendaItem = facilitator.Locator($"#item-{item}");
        await agendaItem.Locator("summary", new() { HasText = "Attach a file" }).ClickAsync();
        await agendaItem.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "survey.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Survey of left-behind children\n留守儿童调查\n") },
            new FilePayload { Name = "timeline.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# Timeline\n\n- May: field work\n") },
        });
        await agendaItem.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        // Each file gets its progress and state; when all are in, the page reloads with them listed under the item.
        await Assertions.Expect(facilitator.Locator($"#item-{item} .attachment-list")).ToContainTextAsync("survey.txt", new() { Timeout = 30_000 });
        await Assertions.Expect(facilitator.Locator($"#item-{item} .attachment-list")).ToContainTextAsync("timeline.md");

        var member = await browser.SignedInPageAsync(DemoUsers.Cso);
        await member.GotoAsync($"/groups/{group.Slug}/meetings/{meeting.Id}");
        await Assertions.Expect(member.Locator($"#item-{item} .attachment-list")).ToContainTextAsync("survey.txt");
        Assert.Equal(0, await member.Locator($"#item-{item} form.upload-form").CountAsync());
        await member.GotoAsync($"/groups/{group.Slug}/documents");
        await Assertions.Expect(member.Locator("table.documents")).ToContainTextAsync("Meeting papers");
        await Accessibility.AssertNoSeriousViolationsAsync(member);

        // A refused file is answered next to it, and nothing is listed.
        await facilitator.GotoAsync($"/groups/{group.Slug}/documents");
        await facilitator.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "report.pdf", MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("not a pdf") });
        await facilitator.Locator("form.upload-form").GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator(".upload-progress .upload-failed")).ToContainTextAsync("not a PDF file");
        await Accessibility.AssertNoSeriousViolationsAsync(facilitator);

        // A Word file becomes a policy draft.
        await facilitator.GotoAsync($"/groups/{group.Slug}");
        await facilitator.GetByRole(AriaRole.Link, new() { Name = "Import from Word" }).ClickAsync();
        await facilitator.Locator("#File").SetInputFilesAsync(new FilePayload { Name = "regulation.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Buffer = Docx("Draft regulation on home visits", "Every child has a named contact.") });
        await Accessibility.AssertNoSeriousViolationsAsync(facilitator);
        await facilitator.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(facilitator.Locator("h1").First).ToHaveTextAsync("Draft regulation on home visits");
        await Assertions.Expect(facilitator.Locator("main")).ToContainTextAsync("Every child has a named contact.");
    }

    [SkippableFact]
    public async Task Member_attaches_a_file_to_their_message_and_uploads_a_new_version_on_the_document_page()
    {
        var group = await browser.App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var api = await browser.App.ClientForAsync(DemoUsers.Cso);
        using var created = await api.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title = "Field visits", body = "The visit report follows." });
        var thread = await created.ReadJsonAsync<IdJson>(System.Net.HttpStatusCode.Created);

        var member = await browser.SignedInPageAsync(DemoUsers.Cso);
        await member.GotoAsync($"/groups/{group.Slug}/threads/{thread.Id}");
        var message = member.Locator(".message-item").First;
        await message.Locator("summary", new() { HasText = "Attach a file" }).ClickAsync();
        await message.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "visit-report.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Visit report\n家访报告\n") });
        await message.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(member.Locator(".message-item .attachment-list").First).ToContainTextAsync("visit-report", new() { Timeout = 30_000 });
        await Accessibility.AssertNoSeriousViolationsAsync(member);

        // From the documents page to the document's own page, where a new version goes up through the script.
        await member.GotoAsync($"/groups/{group.Slug}/documents");
        await member.Locator("table.documents").GetByRole(AriaRole.Link, new() { Name = "visit-report", Exact = true }).ClickAsync();
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync("visit-report");
        await member.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "visit-report-2.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Visit report, corrected\n") });
        await member.Locator("form.upload-form").GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(member.Locator("table.document-versions tbody tr")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(member.Locator("table.document-versions")).ToContainTextAsync("visit-report-2.txt");
        await Accessibility.AssertNoSeriousViolationsAsync(member);
    }

    /// <summary>Upload pressed with no file chosen: the script's upload once did nothing at all (it turns the field's
    /// "required" off to take several files or a drop); now the sentence the page without script gives stands next to
    /// the field, in the page's language, the field is marked invalid and has the focus, and choosing a file clears it.</summary>
    [SkippableTheory]
    [InlineData("en-GB", "Choose a file to upload.")]
    [InlineData("zh-CN", "请选择要上传的文件。")]
    public async Task Upload_with_no_file_says_so_next_to_the_field(string locale, string sentence)
    {
        var page = await browser.SignedInPageAsync(DemoUsers.Facilitator, locale);
        await page.GotoAsync($"/groups/{DemoGroups.LeftBehindChildren}/documents");
        var form = page.Locator("form.upload-form");
        var field = form.Locator("input[type=file]");

        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(form.Locator("[data-file-error]")).ToHaveTextAsync(sentence);
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToBeFocusedAsync();
        await Assertions.Expect(form.Locator("[data-upload-list] li")).ToHaveCountAsync(0);

        await field.SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Notes") });
        await Assertions.Expect(form.Locator("[data-file-error]")).ToHaveTextAsync("");
        await Assertions.Expect(field).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    private sealed record IdJson(int Id);

    /// <summary>The smallest Word file: a heading (style "Heading1", named "heading 1") and a paragraph.</summary>
    private static byte[] Docx(string heading, string paragraph)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            const string w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            Add("word/_rels/document.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Add("word/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{w}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>""");
            Add("word/document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{heading}</w:t></w:r></w:p><w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></w:body></w:document>""");
        }
        return stream.ToArray();
    }

    private sealed record AgendaItemJson(int Id, string Title);
    private sealed record MeetingJson(int Id, List<AgendaItemJson> Agenda);
}
