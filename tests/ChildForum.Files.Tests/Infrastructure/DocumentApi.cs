using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Infrastructure;

/// <summary>A document as the API answers it.</summary>
public sealed record DocumentJson(
    int Id, int GroupId, string Title, string? Description, string? Language, string FileName, string ContentType, long Size,
    int Version, string? AttachedTo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

/// <summary>Calls of the documents API, for arranging a test; the behaviour under test is asserted on raw responses.</summary>
public static class DocumentApi
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The default cast: the demo facilitator facilitates, cso and official are members, researcher observes;
    /// business and outsider are not in the group.</summary>
    public static Task<GroupJson> NewGroupAsync(this ForumAppFactory app, string visibility = "members") =>
        app.CreateGroupAsync(visibility, (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "observer"));

    /// <summary>A multipart form with the file under <c>file</c> (its name sent as given, also when a client would
    /// refuse it) and the other fields.</summary>
    public static MultipartFormDataContent Form(string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        AddFile(form, "file", fileName, bytes);
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    public static void AddFile(MultipartFormDataContent form, string field, string fileName, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var disposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{field}\"", FileNameStar = fileName };
        if (fileName.All(c => c is >= ' ' and < '\u007f' && c != '"'))
        {
            disposition.FileName = $"\"{fileName}\"";
        }
        content.Headers.ContentDisposition = disposition;
        form.Add(content);
    }

    public static async Task<HttpResponseMessage> SendUploadAsync(this HttpClient client, int groupId, string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        using var form = Form(fileName, bytes, fields);
        return await client.PostAsync($"/api/v1/groups/{groupId}/documents", form).WaitAsync(Patience);
    }

    public static async Task<DocumentJson> UploadAsync(this HttpClient client, int groupId, string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        using var response = await client.SendUploadAsync(groupId, fileName, bytes, fields);
        return await response.ReadJsonAsync<DocumentJson>(HttpStatusCode.Created);
    }

    public static async Task<HttpResponseMessage> SendVersionAsync(this HttpClient client, int documentId, string fileName, byte[] bytes)
    {
        using var form = Form(fileName, bytes);
        return await client.PostAsync($"/api/v1/documents/{documentId}/versions", form).WaitAsync(Patience);
    }

    public static async Task<List<DocumentJson>> DocumentsAsync(this HttpClient client, int groupId)
    {
        using var response = await client.GetAsync($"/api/v1/groups/{groupId}/documents").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<DocumentJson>>();
    }

    /// <summary>A new thread's first message, a draft and a meeting with an agenda item, in the group.</summary>
    public static async Task<(long MessageId, int DraftId, int AgendaItemId)> ContentAsync(this ForumAppFactory app, int groupId)
    {
        using var facilitator = await app.ClientForAsync(DemoUsers.Facilitator);
        using var thread = await facilitator.PostAsJsonAsync($"/api/v1/groups/{groupId}/threads", new { title = Unique.Name("Thread"), body = "Papers follow." });
        var threadId = (await thread.ReadJsonAsync<IdJson>(HttpStatusCode.Created)).Id;
        using var messages = await facilitator.GetAsync($"/api/v1/threads/{threadId}/messages");
        var messageId = (await messages.ReadJsonAsync<ItemsJson>()).Items.Single().Id;
        using var draft = await facilitator.PostAsJsonAsync($"/api/v1/groups/{groupId}/drafts", new { title = Unique.Name("Draft"), body = "# Article 1\n\nText." });
        var draftId = (await draft.ReadJsonAsync<IdJson>(HttpStatusCode.Created)).Id;
        var day = DateTime.UtcNow.Date.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var meeting = await facilitator.PostAsJsonAsync($"/api/v1/groups/{groupId}/meetings", new
        {
            title = Unique.Name("Meeting"), startsAt = day + "T10:00", endsAt = day + "T12:00", timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Survey findings" } },
        });
        var agenda = (await meeting.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created)).Agenda;
        return (messageId, draftId, agenda.Single(i => i.Title == "Survey findings").Id);
    }

    private sealed record IdJson(int Id);
    private sealed record LongIdJson(long Id);
    private sealed record ItemsJson(List<LongIdJson> Items);
    private sealed record AgendaItemJson(int Id, string Title);
    private sealed record MeetingJson(List<AgendaItemJson> Agenda);
}
