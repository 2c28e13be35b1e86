using System.Net;
using System.Text;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Archives;

/// <summary>A group's archive holds what the group's readers read, checked against what the group holds: threads without
/// hidden messages, a draft with both versions and its position, a Chatham House meeting without a single name, and the
/// files (by SHA-256) except one attached to a hidden message. Only the group's facilitators may ask for, follow and
/// download it: everyone else gets 404, also a facilitator removed before the download.</summary>
public abstract class ArchiveTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Hillside = "Hillside Parents' Association";
    private const string HiddenText = "Unkind remark that the facilitators hid";

    private sealed record Arranged(GroupJson Group, byte[] LibraryFile, byte[] MeetingPaper, byte[] HiddenAttachment, string[] Names)
    {
        public byte[] HeldFile { get; init; } = [];
    }

    /// <summary>A members-only group with a thread (two visible messages and a hidden one carrying a file), a draft with two
    /// versions and a position, a meeting that took place under Chatham House (published agenda and minutes, attendance, a
    /// decision and an action naming people) and two files: one in the library, one a meeting paper.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var group = await App.NewGroupAsync();
        var gaoLei = await App.CreateUserAsync(Hillside, "Gao Lei");
        await App.AddMembershipAsync(group.Id, gaoLei.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);

        var thread = await facilitator.CreateAsync($"/api/v1/groups/{group.Id}/threads", new { title = "Protected time for directors", body = "What do the centres need? 中心需要什么？" });
        await cso.PostMessageAsync(thread, "More staff for the weekend programme.");
        var hidden = await official.PostMessageAsync(thread, HiddenText);
        var hiddenAttachment = SampleFiles.Pdf("hidden attachment");
        await official.UploadAsync(group.Id, "remark.pdf", hiddenAttachment, ("attachTo", $"message:{hidden}"));
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/messages/{hidden}/hide");

        var draft = await facilitator.CreateAsync($"/api/v1/groups/{group.Id}/drafts", new { title = "Regulation on care of left-behind children", body = "# Article 1\n\nFirst text. 第一稿。" });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/drafts/{draft}/versions", new { body = "# Article 1\n\nSecond text. 第二稿。", note = "After the consultation", baseVersion = 1 });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/drafts/{draft}/status", new { status = "consultation" });
        await cso.SendOkAsync(HttpMethod.Put, $"/api/v1/drafts/{draft}/positions", new { stance = "support", statement = "We support article 1.", version = 2 });

        var day = DateTime.UtcNow.Date.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var meeting = await facilitator.CreateAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Consultation with Gao Lei", startsAt = day + "T10:00", endsAt = day + "T12:00", timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Survey findings", presenter = "Gao Lei" } },
        });
        using var meetingAnswer = await facilitator.GetAsync($"/api/v1/meetings/{meeting}");
        var item = (await meetingAnswer.ReadJsonAsync<MeetingJson>()).Agenda.Single().Id;
        var meetingPaper = SampleFiles.Pdf("meeting paper");
        await facilitator.UploadAsync(group.Id, "survey.pdf", meetingPaper, ("attachTo", $"agenda-item:{item}"));
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{meeting}/agenda/publish");
        await facilitator.SendOkAsync(HttpMethod.Put, $"/api/v1/meetings/{meeting}/attendance", new[]
        {
            new { userId = await App.UserIdAsync(DemoUsers.Cso), status = "present" },
            new { userId = gaoLei.Id, status = "present" },
        });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{meeting}/decisions", new { agendaItemId = item, text = "@Gao Lei's proposal is accepted." });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{meeting}/actions", new
        {
            agendaItemId = item, title = "Gao Lei sends the tables", ownerUserId = gaoLei.Id, dueDate = DateTime.UtcNow.Date.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        await facilitator.SendOkAsync(HttpMethod.Put, $"/api/v1/meetings/{meeting}/minutes", new { body = "## Survey findings\n\n@Gao Lei presented the survey of Hillside Parents' Association.", attribution = "chatham-house" });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{meeting}/minutes/publish", new { });

        var libraryFile = SampleFiles.Docx("Annual report 年度报告");
        var library = await cso.UploadAsync(group.Id, "年度报告 annual report.docx", libraryFile);
        // A new version of it held back by the guard: readers keep version 1, and so does the archive.
        using (var heldVersion = await cso.SendVersionAsync(library.Id, "年度报告 annual report.docx", OfficeFiles.Docx(["Annual report, revised", $"身份证号 {IdNumbers.Valid}"])))
        {
            Assert.Contains("\"held\":true", await heldVersion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Held back by the children's-data guard (a resident ID number): no reader may read it, so no archive holds it.
        var heldFile = OfficeFiles.Docx(["Case notes", $"身份证号 {IdNumbers.Valid}"]);
        using (var held = await cso.SendUploadAsync(group.Id, "case-notes.docx", heldFile))
        {
            Assert.Contains("\"held\":true", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        return new Arranged(group, libraryFile, meetingPaper, hiddenAttachment, ["Gao Lei", Hillside]) { HeldFile = heldFile };
    }

    [SkippableFact]
    public async Task An_archive_holds_what_the_group_readers_read_and_nothing_else()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var requested = await facilitator.RequestArchiveAsync(arranged.Group.Id);
        var states = await facilitator.WaitForArchiveAsync(requested.Id);
        var archive = await facilitator.DownloadArchiveAsync(requested.Id);

        Assert.Equal("queued", requested.Status);
        Assert.Equal(("done", 100), (states[^1].Status, states[^1].Progress));
        Assert.True(states.Select(s => s.Progress).SequenceEqual(states.Select(s => s.Progress).Order()), "Progress only grows.");
        var manifest = archive.Manifest;
        Assert.Equal(arranged.Group.Id, manifest.Group.Id);
        Assert.Equal(new Dictionary<string, int>
        {
            ["actions"] = 1, ["decisions"] = 1, ["draftVersions"] = 2, ["drafts"] = 1, ["files"] = 2, ["meetings"] = 1,
            ["messages"] = 2, ["minutes"] = 1, ["positions"] = 1, ["threads"] = 1,
        }, manifest.Counts);
        // Every entry but the manifest is listed, with its bytes' SHA-256 and length.
        Assert.Equal(archive.Entries.Keys.Where(p => p != "manifest.json").Order(StringComparer.Ordinal), manifest.Entries.Select(e => e.Path).Order(StringComparer.Ordinal));
        foreach (var entry in manifest.Entries)
        {
            Assert.Equal((entry.Sha256, entry.Size), (OpenedArchive.Sha256(archive.Entries[entry.Path]), (long)archive.Entries[entry.Path].Length));
        }
        // The files: the library file and the meeting paper byte for byte; not the hidden message's attachment.
        var files = archive.Paths("files/").Where(p => p != "files/index.md").Select(p => OpenedArchive.Sha256(archive.Entries[p])).Order().ToList();
        Assert.Equal(new[] { OpenedArchive.Sha256(arranged.LibraryFile), OpenedArchive.Sha256(arranged.MeetingPaper) }.Order(), files);
        Assert.DoesNotContain(OpenedArchive.Sha256(arranged.HiddenAttachment), files);
        Assert.DoesNotContain(OpenedArchive.Sha256(arranged.HeldFile), files);
        Assert.Contains(archive.Paths("files/"), p => p.EndsWith("年度报告-annual-report.docx", StringComparison.Ordinal));
        // The thread without its hidden message; the draft with both versions and the position.
        var thread = archive.Text(Assert.Single(archive.Paths("threads/")));
        Assert.Contains("More staff for the weekend programme.", thread, StringComparison.Ordinal);
        Assert.Contains("中心需要什么", thread, StringComparison.Ordinal);
        Assert.DoesNotContain(HiddenText, Encoding.UTF8.GetString(archive.Entries.Values.SelectMany(b => b).ToArray()), StringComparison.Ordinal);
        var drafts = archive.Paths("drafts/").ToList();
        Assert.Contains("First text. 第一稿。", archive.Text(Assert.Single(drafts, p => p.EndsWith("/version-1.md", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Contains("Second text. 第二稿。", archive.Text(Assert.Single(drafts, p => p.EndsWith("/version-2.md", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Contains("We support article 1.", archive.Text(Assert.Single(drafts, p => p.EndsWith("/positions.md", StringComparison.Ordinal))), StringComparison.Ordinal);
        // The meeting under Chatham House: its record is there, no name or organisation anywhere in the archive.
        var meeting = archive.Text(Assert.Single(archive.Paths("meetings/"), p => p.EndsWith("/meeting.md", StringComparison.Ordinal)));
        Assert.Contains("Survey findings", meeting, StringComparison.Ordinal);
        Assert.Contains("a participant from civil society", meeting, StringComparison.Ordinal);
        foreach (var (path, bytes) in archive.Entries.Where(e => !e.Key.StartsWith("files/", StringComparison.Ordinal) || e.Key == "files/index.md"))
        {
            foreach (var name in arranged.Names)
            {
                Assert.False(Encoding.UTF8.GetString(bytes).Contains(name, StringComparison.OrdinalIgnoreCase), $"{path} names {name}.");
            }
        }
    }

    public enum Caller { Member, Observer, Outsider, Anonymous, FacilitatorOfAnotherGroup, RemovedFacilitator }

    [SkippableTheory]
    [InlineData(Caller.Member)]
    [InlineData(Caller.Observer)]
    [InlineData(Caller.Outsider)]
    [InlineData(Caller.Anonymous)]
    [InlineData(Caller.FacilitatorOfAnotherGroup)]
    [InlineData(Caller.RemovedFacilitator)]
    public async Task Only_the_group_facilitators_may_ask_for_follow_and_download_an_archive(Caller caller)
    {
        var group = await App.NewGroupAsync();
        var removed = await App.CreateUserAsync();
        await App.AddMembershipAsync(group.Id, removed.Email, "facilitator");
        using var removedClient = await App.ClientForAsync(removed);
        var requested = await removedClient.RequestArchiveAsync(group.Id);
        await removedClient.WaitForArchiveAsync(requested.Id);
        using var client = await ClientAsync(caller, removed, group.Id);

        using var ask = await client.PostAsync($"/api/v1/groups/{group.Id}/archive", null);
        using var follow = await client.GetAsync($"/api/v1/archives/{requested.Id}");
        using var download = await client.GetAsync($"/api/v1/archives/{requested.Id}/content");

        foreach (var answer in new[] { ask, follow, download })
        {
            var problem = await answer.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(group.Name, problem.Body, StringComparison.OrdinalIgnoreCase);
        }
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var byFacilitator = await facilitator.GetAsync($"/api/v1/archives/{requested.Id}/content");
        await byFacilitator.AssertStatusAsync(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task An_unknown_archive_is_not_found()
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var unknown = await facilitator.GetAsync($"/api/v1/archives/{Guid.NewGuid()}/content");
        using var malformed = await facilitator.GetAsync("/api/v1/archives/not-a-guid");

        await unknown.ReadProblemAsync(HttpStatusCode.NotFound);
        await malformed.AssertStatusAsync(HttpStatusCode.NotFound);
    }

    private async Task<HttpClient> ClientAsync(Caller caller, TestUser removed, int groupId)
    {
        switch (caller)
        {
            case Caller.Member:
                return await App.ClientForAsync(DemoUsers.Cso);
            case Caller.Observer:
                return await App.ClientForAsync(DemoUsers.Researcher);
            case Caller.Outsider:
                return await App.ClientForAsync(DemoUsers.Outsider);
            case Caller.Anonymous:
                return App.CreateAnonymousClient();
            case Caller.FacilitatorOfAnotherGroup:
                var stranger = await App.CreateUserAsync();
                var other = await App.NewGroupAsync();
                await App.AddMembershipAsync(other.Id, stranger.Email, "facilitator");
                return await App.ClientForAsync(stranger);
            default:
                using (var admin = await App.ClientForAsync(DemoUsers.Admin))
                {
                    using var response = await admin.DeleteAsync($"/api/v1/groups/{groupId}/members/{removed.Id}");
                    Assert.True(response.IsSuccessStatusCode, $"Removing the facilitator: {(int)response.StatusCode}");
                }
                return await App.ClientForAsync(removed);
        }
    }

    private sealed record AgendaItemJson(int Id, string Title);
    private sealed record MeetingJson(List<AgendaItemJson> Agenda);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ArchiveTestsOnSqlite(SqliteAppFixture fixture) : ArchiveTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ArchiveTestsOnPostgres(PostgresAppFixture fixture) : ArchiveTests(fixture);

[Collection(SqliteS3Fixture.Collection)]
public sealed class ArchiveTestsOnSqliteWithS3(SqliteS3Fixture fixture) : ArchiveTests(fixture);

[Collection(PostgresS3Fixture.Collection)]
public sealed class ArchiveTestsOnPostgresWithS3(PostgresS3Fixture fixture) : ArchiveTests(fixture);
