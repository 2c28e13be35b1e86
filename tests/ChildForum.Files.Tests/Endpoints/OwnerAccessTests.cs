using System.Net;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>A file is read by the people who may read what it belongs to: a file on a hidden message or on an agenda not
/// yet published is unknown (404 naming no file, left out of the list, not found by search) to members, while the
/// group's facilitators read it; publishing the agenda or showing the message again makes it readable and searchable.</summary>
public abstract class OwnerAccessTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string FileName = "annex-casework.pdf";

    [SkippableFact]
    public async Task A_paper_of_an_unpublished_agenda_is_for_facilitators_until_the_agenda_is_published()
    {
        var group = await App.NewGroupAsync();
        var (meetingId, itemId) = await App.MeetingAsync(group.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var paper = await facilitator.UploadAsync(group.Id, FileName, OfficeFiles.SurveyPdf(), ("title", "Casework paper"), ("attachTo", $"agenda-item:{itemId}"));

        await AssertHiddenFromAsync(member, group.Id, paper.Id);
        Assert.Single(await facilitator.DocumentsAsync(group.Id));
        using (var read = await facilitator.GetAsync(paper.Url))
        {
            await read.AssertStatusAsync(HttpStatusCode.OK);
        }
        Assert.Single((await facilitator.SearchDocumentsUntilAsync("guardianship", group.Id, a => a.Total > 0, "the paper to its facilitator")).Items);
        Assert.Equal(0, (await member.SearchDocumentsAsync("guardianship", group.Id)).Total);

        using (var publish = await facilitator.PostAsync($"/api/v1/meetings/{meetingId}/agenda/publish", null))
        {
            await publish.AssertStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal(paper.Id, Assert.Single(await member.DocumentsAsync(group.Id)).Id);
        using (var read = await member.GetAsync(paper.Url))
        {
            await read.AssertStatusAsync(HttpStatusCode.OK);
        }
        var hit = Assert.Single((await member.SearchDocumentsUntilAsync("guardianship", group.Id, a => a.Total > 0, "the paper once the agenda is published")).Items);
        Assert.Equal(paper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), hit.Id);
    }

    [SkippableFact]
    public async Task A_file_on_a_hidden_message_is_for_facilitators_until_the_message_is_shown_again()
    {
        var group = await App.NewGroupAsync();
        var (messageId, _, _) = await App.ContentAsync(group.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var file = await member.UploadAsync(group.Id, FileName, OfficeFiles.SurveyPdf(), ("title", "Casework paper"), ("attachTo", $"message:{messageId}"));
        await member.SearchDocumentsUntilAsync("guardianship", group.Id, a => a.Total > 0, "the file on a visible message");

        using (var hide = await facilitator.PostAsync($"/api/v1/messages/{messageId}/hide", null))
        {
            await hide.AssertStatusAsync(HttpStatusCode.NoContent);
        }

        await AssertHiddenFromAsync(member, group.Id, file.Id);
        await member.SearchDocumentsUntilAsync("guardianship", group.Id, a => a.Total == 0, "no hit once the message is hidden");
        using (var read = await facilitator.GetAsync(file.Url))
        {
            await read.AssertStatusAsync(HttpStatusCode.OK);
        }
        Assert.Single((await facilitator.SearchDocumentsAsync("guardianship", group.Id)).Items);

        using (var unhide = await facilitator.PostAsync($"/api/v1/messages/{messageId}/unhide", null))
        {
            await unhide.AssertStatusAsync(HttpStatusCode.NoContent);
        }
        Assert.Single(await member.DocumentsAsync(group.Id));
        await member.SearchDocumentsUntilAsync("guardianship", group.Id, a => a.Total > 0, "the file once the message is shown again");
    }

    [SkippableFact]
    public async Task A_member_may_not_attach_a_file_to_a_hidden_message()
    {
        var group = await App.NewGroupAsync();
        var (messageId, _, _) = await App.ContentAsync(group.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using (var hide = await facilitator.PostAsync($"/api/v1/messages/{messageId}/hide", null))
        {
            await hide.AssertStatusAsync(HttpStatusCode.NoContent);
        }
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await member.SendUploadAsync(group.Id, FileName, SampleFiles.Pdf(), ("attachTo", $"message:{messageId}"));

        Assert.True((await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.ContainsKey("attachTo"));
    }

    /// <summary>404 on every route, without the file's name or title, and not in the list.</summary>
    private static async Task AssertHiddenFromAsync(HttpClient member, int groupId, int documentId)
    {
        foreach (var path in new[] { $"/api/v1/documents/{documentId}", $"/api/v1/documents/{documentId}/content" })
        {
            using var answer = await member.GetAsync(path);
            var problem = await answer.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("casework", problem.Body, StringComparison.OrdinalIgnoreCase);
        }
        using (var version = await member.SendVersionAsync(documentId, "x.pdf", SampleFiles.Pdf()))
        {
            await version.ReadProblemAsync(HttpStatusCode.NotFound);
        }
        using (var delete = await member.DeleteAsync($"/api/v1/documents/{documentId}"))
        {
            await delete.ReadProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Empty(await member.DocumentsAsync(groupId));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class OwnerAccessTestsOnSqlite(SqliteAppFixture fixture) : OwnerAccessTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class OwnerAccessTestsOnPostgres(PostgresAppFixture fixture) : OwnerAccessTests(fixture);
