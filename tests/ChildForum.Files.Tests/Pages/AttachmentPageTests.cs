using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Pages;

/// <summary>Files on a thread's messages and a draft's annexes, as the pages of Discussions and PolicyDrafts show them
/// through the files module's view components: listed under their message (loaded once for the whole page), following
/// the message's access, with an attach form on one's own messages that works without script.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class AttachmentPageTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_messages_files_are_listed_under_it_and_its_author_gets_the_attach_form()
    {
        var group = await App.NewGroupAsync();
        var (threadId, messageId) = await NewThreadAsync(group.Id, DemoUsers.Cso, "Survey results attached");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.UploadAsync(group.Id, "survey.pdf", SampleFiles.Pdf(), ("title", "Survey <results>"), ("attachTo", $"message:{messageId}"));

        using var author = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var mine = await author.GetPageAsync($"/groups/{group.Slug}/threads/{threadId}");
        Assert.Contains("Survey <results>", mine.TextOf($"#message-{messageId} .attachments"), StringComparison.Ordinal);
        Assert.DoesNotContain("<results>", mine.Html, StringComparison.Ordinal);
        Assert.Equal($"message:{messageId}", mine.Document.QuerySelector($"#message-{messageId} form.upload-form input[name=attachTo]")?.GetAttribute("value"));

        using var other = await App.SignInWithCookieAsync(DemoUsers.Official);
        using var theirs = await other.GetPageAsync($"/groups/{group.Slug}/threads/{threadId}");
        Assert.Contains("Survey <results>", theirs.TextOf($"#message-{messageId} .attachments"), StringComparison.Ordinal);
        Assert.Null(theirs.Document.QuerySelector($"#message-{messageId} form.upload-form"));
    }

    [Fact]
    public async Task The_plain_attach_form_uploads_to_the_message_and_returns_to_it()
    {
        var group = await App.NewGroupAsync();
        var (threadId, messageId) = await NewThreadAsync(group.Id, DemoUsers.Cso, "Notes follow");
        using var author = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var page = await author.GetPageAsync($"/groups/{group.Slug}/threads/{threadId}");
        var form = page.Document.QuerySelector($"#message-{messageId} form.upload-form") ?? throw new Xunit.Sdk.XunitException("No attach form on the author's message.");

        using var content = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
        {
            content.Add(new StringContent(input.GetAttribute("value") ?? ""), input.GetAttribute("name")!);
        }
        content.Add(new StringContent("Visit notes"), "title");
        DocumentApi.AddFile(content, "file", "notes.txt", SampleFiles.Text("Visit notes"));
        using var response = await author.Client.PostAsync(form.GetAttribute("action"), content).WaitAsync(DocumentApi.Patience);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"/groups/{group.Slug}/threads/{threadId}#m", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var after = await author.GetPageAsync($"/groups/{group.Slug}/threads/{threadId}");
        Assert.Contains("Visit notes", after.TextOf($"#message-{messageId} .attachments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_messages_files_are_not_shown_to_members()
    {
        var group = await App.NewGroupAsync();
        var (threadId, messageId) = await NewThreadAsync(group.Id, DemoUsers.Cso, "Something to hide");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.UploadAsync(group.Id, "hidden.txt", SampleFiles.Text("Secret"), ("title", "Hidden paper"), ("attachTo", $"message:{messageId}"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using (var hide = await facilitator.PostAsync($"/api/v1/messages/{messageId}/hide", null))
        {
            await hide.AssertStatusAsync(HttpStatusCode.NoContent);
        }

        using var member = await App.SignInWithCookieAsync(DemoUsers.Official);
        using var page = await member.GetPageAsync($"/groups/{group.Slug}/threads/{threadId}");
        Assert.DoesNotContain("Hidden paper", page.Html, StringComparison.Ordinal);

        using var facilitating = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        using var theirs = await facilitating.GetPageAsync($"/groups/{group.Slug}/threads/{threadId}");
        Assert.Contains("Hidden paper", theirs.TextOf($"#message-{messageId} .attachments"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_thread_page_reads_files_in_as_many_queries_for_one_message_as_for_many()
    {
        var group = await App.NewGroupAsync();
        var (oneThread, oneMessage) = await NewThreadAsync(group.Id, DemoUsers.Cso, "One message");
        var (manyThread, firstMessage) = await NewThreadAsync(group.Id, DemoUsers.Cso, "Many messages");
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.UploadAsync(group.Id, "one.txt", SampleFiles.Text("One"), ("attachTo", $"message:{oneMessage}"));
        var messageIds = new List<long> { firstMessage };
        for (var i = 0; i < 5; i++)
        {
            using var posted = await cso.PostAsJsonAsync($"/api/v1/threads/{manyThread}/messages", new { body = $"Message {i}", clientMessageId = Guid.NewGuid().ToString("N") });
            messageIds.Add((await posted.ReadJsonAsync<MessageJson>(HttpStatusCode.Created)).Id);
        }
        foreach (var id in messageIds)
        {
            await cso.UploadAsync(group.Id, $"file-{id}.txt", SampleFiles.Text($"File {id}"), ("title", $"File of {id}"), ("attachTo", $"message:{id}"));
        }

        using var reader = await App.SignInWithCookieAsync(DemoUsers.Official);
        var forOne = await CountDocumentQueriesAsync(reader, $"/groups/{group.Slug}/threads/{oneThread}");
        var forMany = await CountDocumentQueriesAsync(reader, $"/groups/{group.Slug}/threads/{manyThread}", page =>
        {
            foreach (var id in messageIds)
            {
                Assert.Contains($"File of {id}", page.TextOf($"#message-{id} .attachments"), StringComparison.Ordinal);
            }
        });
        Assert.True(forOne > 0, "The counter saw no query of the documents.");
        Assert.Equal(forOne, forMany);
    }

    [Fact]
    public async Task A_drafts_annexes_are_listed_and_members_get_the_form_observers_do_not()
    {
        var group = await App.NewGroupAsync();
        var (_, draftId, _) = await App.ContentAsync(group.Id);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.UploadAsync(group.Id, "impact.pdf", SampleFiles.Pdf(), ("title", "Impact assessment"), ("attachTo", $"draft:{draftId}"));

        using var member = await App.SignInWithCookieAsync(DemoUsers.Official);
        using var page = await member.GetPageAsync($"/groups/{group.Slug}/drafts/{draftId}");
        Assert.Contains("Impact assessment", page.TextOf("#annexes .attachments"), StringComparison.Ordinal);
        Assert.Equal($"draft:{draftId}", page.Document.QuerySelector("#annexes form.upload-form input[name=attachTo]")?.GetAttribute("value"));
        Assert.Equal($"/groups/{group.Slug}/drafts/{draftId}#annexes", page.Document.QuerySelector("#annexes form.upload-form input[name=returnUrl]")?.GetAttribute("value"));

        using var observer = await App.SignInWithCookieAsync(DemoUsers.Researcher);
        using var observed = await observer.GetPageAsync($"/groups/{group.Slug}/drafts/{draftId}");
        Assert.Contains("Impact assessment", observed.TextOf("#annexes .attachments"), StringComparison.Ordinal);
        Assert.Null(observed.Document.QuerySelector("#annexes form.upload-form"));
    }

    /// <summary>How many commands reading the documents table the page costs (counted for this request only).</summary>
    private async Task<int> CountDocumentQueriesAsync(BrowserSession session, string url, Action<HtmlPage>? check = null)
    {
        using var counter = new RequestQueryCounter(App.Services);
        var count = await counter.QueriesOfAsync(session.Client, url, sql => sql.Contains("FROM \"Documents\"", StringComparison.Ordinal));
        if (check is not null)
        {
            using var page = await session.GetPageAsync(url);
            check(page);
        }
        return count;
    }

    private async Task<(int ThreadId, long MessageId)> NewThreadAsync(int groupId, string author, string body)
    {
        using var client = await App.ClientForAsync(author);
        using var thread = await client.PostAsJsonAsync($"/api/v1/groups/{groupId}/threads", new { title = Unique.Name("Thread"), body });
        var threadId = (await thread.ReadJsonAsync<IdJson>(HttpStatusCode.Created)).Id;
        using var messages = await client.GetAsync($"/api/v1/threads/{threadId}/messages");
        return (threadId, (await messages.ReadJsonAsync<ItemsJson>()).Items.Single().Id);
    }

    private sealed record IdJson(int Id);
    private sealed record MessageJson(long Id);
    private sealed record ItemsJson(List<MessageJson> Items);
}
