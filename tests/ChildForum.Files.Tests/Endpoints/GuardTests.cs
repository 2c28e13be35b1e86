using System.Globalization;
using System.Net;
using ChildForum.Core.Audit;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>The children's-data guard reads a file's text at upload: a resident ID number holds the version back from the
/// first moment (the answer says <c>held</c>), readers get 404 and search has nothing, the group's facilitators are told
/// and see it, and one of them releases it (audited), after which it is read and found like any other.</summary>
public abstract class GuardTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private sealed record HeldJson(int Id, int Version, bool Held);

    [SkippableFact]
    public async Task A_docx_with_a_childs_id_number_is_held_until_a_facilitator_releases_it()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = "casefile" + Guid.NewGuid().ToString("N")[..8];
        var bytes = OfficeFiles.Docx([$"Case notes {word}", "王小明，女，2015年3月出生", $"身份证号 {IdNumbers.Valid}"]);

        using var upload = await cso.SendUploadAsync(group.Id, "case-notes.docx", bytes, ("title", "Case notes"));
        var held = await upload.ReadJsonAsync<HeldJson>(HttpStatusCode.Created);
        Assert.True(held.Held);

        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        foreach (var reader in new[] { cso, observer })
        {
            using var read = await reader.GetAsync($"/api/v1/documents/{held.Id}/content");
            var problem = await read.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain("case", problem.Body, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await reader.DocumentsAsync(group.Id));
        }
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using (var seen = await facilitator.GetAsync($"/api/v1/documents/{held.Id}"))
        {
            Assert.True((await seen.ReadJsonAsync<HeldJson>()).Held);
        }
        var facilitatorId = await App.UserIdAsync(DemoUsers.Facilitator);
        var url = $"/api/v1/documents/{held.Id}";
        Assert.Equal(1, await App.QueryDatabaseAsync(db => db.Notifications.CountAsync(n => n.UserId == facilitatorId && n.Kind == "personal-data" && n.Url == url)));
        // Not indexed while held: the facilitator, who sees everything of the group in search, finds nothing either.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, (await facilitator.SearchDocumentsAsync(word, group.Id)).Total);

        using (var byMember = await cso.PostAsync($"/api/v1/documents/{held.Id}/release", null))
        {
            await byMember.ReadProblemAsync(HttpStatusCode.NotFound);
        }
        using (var release = await facilitator.PostAsync($"/api/v1/documents/{held.Id}/release", null))
        {
            Assert.False((await release.ReadJsonAsync<HeldJson>()).Held);
        }
        using (var again = await facilitator.PostAsync($"/api/v1/documents/{held.Id}/release", null))
        {
            await again.ReadProblemAsync(HttpStatusCode.Conflict);
        }

        using (var read = await observer.GetAsync($"/api/v1/documents/{held.Id}/content"))
        {
            Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
        }
        Assert.Single((await observer.SearchDocumentsUntilAsync(word, group.Id, a => a.Total > 0, "the released file")).Items);
        var id = held.Id.ToString(CultureInfo.InvariantCulture);
        var actions = await App.QueryDatabaseAsync(db => db.Set<AuditEntry>().Where(e => e.TargetType == "document" && e.TargetId == id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["document.held", "document.release", "document.upload"], actions.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_held_new_version_leaves_readers_the_last_released_one_and_a_facilitator_may_delete_it()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var first = SampleFiles.Text("Visit notes");
        var document = await cso.UploadAsync(group.Id, "notes.txt", first);

        var second = SampleFiles.Text($"Visit notes, child ID {IdNumbers.Valid}");
        using (var version = await cso.SendVersionAsync(document.Id, "notes-2.txt", second))
        {
            Assert.True((await version.ReadJsonAsync<HeldJson>(HttpStatusCode.Created)).Held);
        }
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        foreach (var reader in new[] { cso, observer })
        {
            // The document stays, as its last released version: in the list, its answer, its download, its versions.
            using (var read = await reader.GetAsync(document.Url))
            {
                await read.AssertStatusAsync(HttpStatusCode.OK);
                Assert.Equal(first, await read.Content.ReadAsByteArrayAsync());
            }
            var listed = Assert.Single(await reader.DocumentsAsync(group.Id));
            Assert.Equal((1, "notes.txt"), (listed.Version, listed.FileName));
            using (var one = await reader.GetAsync($"/api/v1/documents/{document.Id}"))
            {
                var answer = await one.ReadJsonAsync<HeldJson>();
                Assert.Equal((1, false), (answer.Version, answer.Held));
            }
            using (var versions = await reader.GetAsync($"/api/v1/documents/{document.Id}/versions"))
            {
                Assert.Equal([1], (await versions.ReadJsonAsync<List<VersionJson>>()).Select(v => v.Version));
            }
            using (var heldContent = await reader.GetAsync($"/api/v1/documents/{document.Id}/versions/2/content"))
            {
                var problem = await heldContent.ReadProblemAsync(HttpStatusCode.NotFound);
                Assert.DoesNotContain("notes", problem.Body, StringComparison.OrdinalIgnoreCase);
            }
        }
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using (var versions = await facilitator.GetAsync($"/api/v1/documents/{document.Id}/versions"))
        {
            Assert.Equal([(2, true), (1, false)], (await versions.ReadJsonAsync<List<VersionJson>>()).Select(v => (v.Version, v.Held)));
        }
        using (var heldContent = await facilitator.GetAsync($"/api/v1/documents/{document.Id}/versions/2/content"))
        {
            await heldContent.AssertStatusAsync(HttpStatusCode.OK);
            Assert.Equal(second, await heldContent.Content.ReadAsByteArrayAsync());
        }
        using (var delete = await facilitator.DeleteAsync($"/api/v1/documents/{document.Id}"))
        {
            await delete.AssertStatusAsync(HttpStatusCode.NoContent);
        }
        using (var gone = await facilitator.GetAsync($"/api/v1/documents/{document.Id}"))
        {
            await gone.ReadProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private sealed record VersionJson(int Version, string FileName, long Size, bool Held, string Url);

    [SkippableFact]
    public async Task A_file_with_no_id_number_is_not_held()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var upload = await cso.SendUploadAsync(group.Id, "numbers.txt", SampleFiles.Text($"Reference {IdNumbers.WithWrongCheck(IdNumbers.Valid[..17])}"));

        Assert.False((await upload.ReadJsonAsync<HeldJson>(HttpStatusCode.Created)).Held);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class GuardTestsOnSqlite(SqliteAppFixture fixture) : GuardTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class GuardTestsOnPostgres(PostgresAppFixture fixture) : GuardTests(fixture);
