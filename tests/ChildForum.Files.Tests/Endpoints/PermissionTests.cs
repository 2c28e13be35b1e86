using System.Net;
using System.Net.Http.Json;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>A document of a members-only group is unknown (404) on every route to a member of another group, an outsider,
/// an anonymous visitor and a member who was removed, and no answer gives its title or file name away (an anonymous visitor's
/// changes are 401 before anything is looked up). Observers read but do not upload.</summary>
public abstract class PermissionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string SecretTitle = "Confidential casework summary";
    private const string SecretFileName = "casework-names.pdf";

    public enum Caller { MemberOfAnotherGroup, Outsider, Anonymous, RemovedMember }

    [SkippableTheory]
    [InlineData(Caller.MemberOfAnotherGroup)]
    [InlineData(Caller.Outsider)]
    [InlineData(Caller.Anonymous)]
    [InlineData(Caller.RemovedMember)]
    public async Task A_document_of_a_members_only_group_is_not_found_by(Caller caller)
    {
        var group = await App.NewGroupAsync();
        var removed = await App.CreateUserAsync();
        await App.AddMembershipAsync(group.Id, removed.Email, "member");
        using var removedClient = await App.ClientForAsync(removed);
        var document = await removedClient.UploadAsync(group.Id, SecretFileName, SampleFiles.Pdf(), ("title", SecretTitle));
        using var client = await ClientAsync(caller, group.Id, removed);

        var reads = new[]
        {
            await client.GetAsync($"/api/v1/documents/{document.Id}"),
            await client.GetAsync($"/api/v1/documents/{document.Id}/content"),
            await client.GetAsync($"/api/v1/groups/{group.Id}/documents"),
        };
        var changes = new[]
        {
            await client.SendVersionAsync(document.Id, "x.pdf", SampleFiles.Pdf()),
            await client.DeleteAsync($"/api/v1/documents/{document.Id}"),
            await client.SendUploadAsync(group.Id, "x.pdf", SampleFiles.Pdf()),
        };

        foreach (var (answer, status) in reads.Select(r => (r, HttpStatusCode.NotFound))
                     .Concat(changes.Select(c => (c, caller == Caller.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound))))
        {
            using (answer)
            {
                var problem = await answer.ReadProblemAsync(status);
                Assert.DoesNotContain(SecretTitle, problem.Body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("casework", problem.Body, StringComparison.OrdinalIgnoreCase);
            }
        }
        using var owner = await App.ClientForAsync(DemoUsers.Facilitator);
        Assert.Equal(1, Assert.Single(await owner.DocumentsAsync(group.Id)).Version);
    }

    [SkippableFact]
    public async Task Observers_read_documents_but_may_not_upload_and_anonymous_uploads_need_a_sign_in()
    {
        var group = await App.NewGroupAsync("public");
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using var anonymous = App.CreateAnonymousClient();

        using var byObserver = await observer.SendUploadAsync(group.Id, "x.pdf", SampleFiles.Pdf());
        using var byAnonymous = await anonymous.SendUploadAsync(group.Id, "x.pdf", SampleFiles.Pdf());
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var document = await cso.UploadAsync(group.Id, "public.pdf", SampleFiles.Pdf());
        using var anonymousRead = await anonymous.GetAsync(document.Url);

        await byObserver.ReadProblemAsync(HttpStatusCode.Forbidden);
        await byAnonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
        await anonymousRead.AssertStatusAsync(HttpStatusCode.OK);
    }

    private async Task<HttpClient> ClientAsync(Caller caller, int groupId, TestUser removed)
    {
        switch (caller)
        {
            case Caller.MemberOfAnotherGroup:
                var other = await App.NewGroupAsync();
                var stranger = await App.CreateUserAsync();
                await App.AddMembershipAsync(other.Id, stranger.Email, "facilitator");
                return await App.ClientForAsync(stranger);
            case Caller.Outsider:
                return await App.ClientForAsync(DemoUsers.Outsider);
            case Caller.Anonymous:
                return App.CreateAnonymousClient();
            default:
                using (var admin = await App.ClientForAsync(DemoUsers.Admin))
                {
                    using var response = await admin.DeleteAsync($"/api/v1/groups/{groupId}/members/{removed.Id}");
                    await response.AssertStatusAsync(HttpStatusCode.NoContent);
                }
                return await App.ClientForAsync(removed);
        }
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PermissionTestsOnSqlite(SqliteAppFixture fixture) : PermissionTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PermissionTestsOnPostgres(PostgresAppFixture fixture) : PermissionTests(fixture);
