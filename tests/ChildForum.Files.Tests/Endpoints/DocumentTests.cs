using System.Net;
using System.Net.Http.Headers;
using ChildForum.Core.Audit;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>Upload, download, versions, list and delete, on each database and each storage: what goes in comes out byte
/// for byte, as a download that no browser renders, and every change is in the audit log.</summary>
public abstract class DocumentTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_member_uploads_to_the_library_and_reads_back_the_same_bytes_as_a_download()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var bytes = SampleFiles.Pdf();

        using var response = await cso.SendUploadAsync(group.Id, "留守儿童 survey 2026.pdf", bytes, ("title", "Survey report"), ("description", "Field survey."), ("language", "zh-Hans"));
        var document = await response.ReadJsonAsync<DocumentJson>(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/documents/{document.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((group.Id, "Survey report", "Field survey.", "zh-Hans", "留守儿童 survey 2026.pdf", "application/pdf", (long)bytes.Length, 1, (string?)null),
            (document.GroupId, document.Title, document.Description, document.Language, document.FileName, document.ContentType, document.Size, document.Version, document.AttachedTo));
        Assert.Equal($"/api/v1/documents/{document.Id}/content", document.Url);

        using var download = await cso.GetAsync(document.Url);
        await download.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("留守儿童 survey 2026.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
    }

    [SkippableFact]
    public async Task A_document_is_listed_and_read_by_whoever_may_read_the_group()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var uploaded = await cso.UploadAsync(group.Id, "notes.md", SampleFiles.Text("# Notes\n\n笔记\n"));
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);

        var listed = Assert.Single(await observer.DocumentsAsync(group.Id));
        using var one = await observer.GetAsync($"/api/v1/documents/{uploaded.Id}");
        var read = await one.ReadJsonAsync<DocumentJson>();

        Assert.Equal(uploaded, listed);
        Assert.Equal(uploaded, read);
        Assert.Equal("notes", read.Title);
        Assert.Equal("text/markdown", read.ContentType);
    }

    [SkippableFact]
    public async Task A_new_version_becomes_what_is_downloaded_and_its_number_counts_up()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var first = await cso.UploadAsync(group.Id, "draft.docx", SampleFiles.Docx("First"));
        var second = SampleFiles.Docx("Second");

        using var response = await cso.SendVersionAsync(first.Id, "draft v2.docx", second);
        var updated = await response.ReadJsonAsync<DocumentJson>(HttpStatusCode.Created);
        using var download = await cso.GetAsync(updated.Url);

        Assert.Equal((first.Id, 2, "draft v2.docx", (long)second.Length), (updated.Id, updated.Version, updated.FileName, updated.Size));
        Assert.Equal(first.Title, updated.Title);
        Assert.Equal(second, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, await App.QueryDatabaseAsync(db => db.Set<ChildForum.Files.Models.DocumentVersion>().CountAsync(v => v.DocumentId == first.Id)));
    }

    [SkippableFact]
    public async Task The_same_bytes_uploaded_twice_are_two_documents_that_download_the_same()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var bytes = SampleFiles.Png();

        var first = await cso.UploadAsync(group.Id, "logo.png", bytes);
        var second = await cso.UploadAsync(group.Id, "logo copy.png", bytes);
        using var download = await cso.GetAsync(second.Url);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task The_uploader_deletes_a_document_and_then_it_is_gone_everywhere_and_in_the_audit_log()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "old.csv", SampleFiles.Text("a,b\n1,2\n"));

        using var deleted = await cso.DeleteAsync($"/api/v1/documents/{document.Id}");
        await deleted.AssertStatusAsync(HttpStatusCode.NoContent);

        using var get = await cso.GetAsync($"/api/v1/documents/{document.Id}");
        using var content = await cso.GetAsync(document.Url);
        await get.AssertStatusAsync(HttpStatusCode.NotFound);
        await content.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
        var id = document.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var actions = await App.QueryDatabaseAsync(db => db.Set<AuditEntry>().Where(e => e.TargetType == "document" && e.TargetId == id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["document.delete", "document.upload"], actions.Order());
    }

    [SkippableFact]
    public async Task A_facilitator_deletes_anyone_s_document_and_another_member_may_neither_delete_nor_replace_it()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var document = await cso.UploadAsync(group.Id, "position.pdf", SampleFiles.Pdf());

        using var byOther = await official.DeleteAsync($"/api/v1/documents/{document.Id}");
        using var versionByOther = await official.SendVersionAsync(document.Id, "position.pdf", SampleFiles.Pdf());
        using var byFacilitator = await facilitator.DeleteAsync($"/api/v1/documents/{document.Id}");

        await byOther.ReadProblemAsync(HttpStatusCode.Forbidden);
        await versionByOther.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byFacilitator.AssertStatusAsync(HttpStatusCode.NoContent);
    }

    [SkippableFact]
    public async Task Files_attach_to_a_message_and_a_draft_of_the_group_and_meeting_papers_are_for_facilitators()
    {
        var group = await App.NewGroupAsync();
        var (messageId, draftId, agendaItemId) = await App.ContentAsync(group.Id);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var onMessage = await cso.UploadAsync(group.Id, "table.xlsx", SampleFiles.Xlsx(), ("attachTo", $"message:{messageId}"));
        var annex = await cso.UploadAsync(group.Id, "annex.odt", SampleFiles.Odt(), ("attachTo", $"draft:{draftId}"));
        using var paperByMember = await cso.SendUploadAsync(group.Id, "paper.pdf", SampleFiles.Pdf(), ("attachTo", $"agenda-item:{agendaItemId}"));
        var paper = await facilitator.UploadAsync(group.Id, "paper.pdf", SampleFiles.Pdf(), ("attachTo", $"agenda-item:{agendaItemId}"));

        Assert.Equal($"message:{messageId}", onMessage.AttachedTo);
        Assert.Equal($"draft:{draftId}", annex.AttachedTo);
        await paperByMember.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal($"agenda-item:{agendaItemId}", paper.AttachedTo);
    }

    [SkippableFact]
    public async Task A_file_cannot_be_attached_to_something_of_another_group_or_to_nothing()
    {
        var group = await App.NewGroupAsync();
        var other = await App.NewGroupAsync();
        var (messageId, draftId, _) = await App.ContentAsync(other.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        foreach (var attachTo in new[] { $"message:{messageId}", $"draft:{draftId}", "draft:999999", "thread:1", "draft:x", "draft:-1" })
        {
            using var response = await facilitator.SendUploadAsync(group.Id, "paper.pdf", SampleFiles.Pdf(), ("attachTo", attachTo));
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.Errors.ContainsKey("attachTo"), attachTo);
        }
        Assert.Empty(await facilitator.DocumentsAsync(group.Id));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DocumentTestsOnSqlite(SqliteAppFixture fixture) : DocumentTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DocumentTestsOnPostgres(PostgresAppFixture fixture) : DocumentTests(fixture);

[Collection(SqliteS3Fixture.Collection)]
public sealed class DocumentTestsOnSqliteWithS3(SqliteS3Fixture fixture) : DocumentTests(fixture);

[Collection(PostgresS3Fixture.Collection)]
public sealed class DocumentTestsOnPostgresWithS3(PostgresS3Fixture fixture) : DocumentTests(fixture);
