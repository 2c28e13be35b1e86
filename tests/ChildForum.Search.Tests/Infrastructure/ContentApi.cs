using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Infrastructure;

/// <summary>A group of the test's own. The default cast: the demo facilitator facilitates, cso and official are members,
/// researcher observes; business (signed in, a member of the demo groups only) and outsider are not in the group.</summary>
public sealed record SearchScene(GroupJson Group)
{
    public static readonly (string User, string Role)[] DefaultCast =
    [
        (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "observer"),
    ];

    public int Id => Group.Id;

    public string Slug => Group.Slug;
}

/// <summary>Calls of the discussions, drafts and meetings APIs that put content into search; for arranging a test.</summary>
public static class ContentApi
{
    public static async Task<SearchScene> NewSearchSceneAsync(this ForumAppFactory app, string visibility = "members", params (string User, string Role)[] cast) =>
        new(await app.CreateGroupAsync(visibility, cast.Length == 0 ? SearchScene.DefaultCast : cast));

    // ---- Discussions -------------------------------------------------------------------------

    public static async Task<ThreadJson> StartThreadAsync(this HttpClient client, object group, string title, string body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/groups/{group}/threads", new { title, body });
        return await response.ReadJsonAsync<ThreadJson>(HttpStatusCode.Created);
    }

    public static async Task<MessageJson> PostMessageAsync(this HttpClient client, int threadId, string body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/threads/{threadId}/messages", new { body, clientMessageId = "c-" + Guid.NewGuid().ToString("N") });
        return await response.ReadJsonAsync<MessageJson>(HttpStatusCode.Created);
    }

    public static async Task EditMessageAsync(this HttpClient client, long messageId, string body)
    {
        using var response = await client.PatchAsJsonAsync($"/api/v1/messages/{messageId}", new { body });
        await response.AssertSuccessAsync();
    }

    public static async Task DeleteMessageAsync(this HttpClient client, long messageId)
    {
        using var response = await client.DeleteAsync($"/api/v1/messages/{messageId}");
        await response.AssertSuccessAsync();
    }

    public static async Task HideMessageAsync(this HttpClient client, long messageId)
    {
        using var response = await client.PostAsync($"/api/v1/messages/{messageId}/hide", null);
        await response.AssertSuccessAsync();
    }

    // ---- Policy drafts -----------------------------------------------------------------------

    public static async Task<DraftSummaryJson> CreateDraftAsync(this HttpClient client, object group, string title, string body, string? language = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/groups/{group}/drafts", new { title, body, language });
        return await response.ReadJsonAsync<DraftSummaryJson>(HttpStatusCode.Created);
    }

    public static async Task<DraftJson> DraftAsync(this HttpClient client, int draftId)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}");
        return await response.ReadJsonAsync<DraftJson>();
    }

    public static async Task AddVersionAsync(this HttpClient client, int draftId, string body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/drafts/{draftId}/versions", new { body, note = "A change." });
        await response.AssertStatusAsync(HttpStatusCode.Created);
    }

    public static async Task SetDraftStatusAsync(this HttpClient client, int draftId, string status)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/drafts/{draftId}/status", new { status });
        await response.AssertStatusAsync(HttpStatusCode.OK);
    }

    // ---- Meetings ----------------------------------------------------------------------------

    /// <summary>A meeting of two hours that started <paramref name="daysAgo"/> days ago (negative: in the future), in Asia/Shanghai.</summary>
    public static async Task<MeetingJson> CreateMeetingAsync(this HttpClient client, object group, string title, IEnumerable<(string Title, string? Presenter, string? Notes)> agenda, int daysAgo = 3)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-daysAgo);
        var request = new
        {
            title,
            startsAt = Iso(start),
            endsAt = Iso(start.AddHours(2)),
            timeZone = "Asia/Shanghai",
            location = "Township office",
            agenda = agenda.Select(a => new { title = a.Title, presenter = a.Presenter, notes = a.Notes }).ToList(),
        };
        using var response = await client.PostAsJsonAsync($"/api/v1/groups/{group}/meetings", request);
        return await response.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created);
    }

    public static async Task PublishAgendaAsync(this HttpClient client, int meetingId)
    {
        using var response = await client.PostAsync($"/api/v1/meetings/{meetingId}/agenda/publish", null);
        await response.AssertStatusAsync(HttpStatusCode.OK);
    }

    public static async Task<MeetingJson> MeetingAsync(this HttpClient client, int meetingId)
    {
        using var response = await client.GetAsync($"/api/v1/meetings/{meetingId}");
        return await response.ReadJsonAsync<MeetingJson>();
    }

    /// <summary>Saves the minutes' draft and publishes it; returns the published version as readers get it.</summary>
    public static async Task<MinutesJson> PublishMinutesAsync(this HttpClient client, int meetingId, string body, string attribution = "named")
    {
        using (var saved = await client.PutAsJsonAsync($"/api/v1/meetings/{meetingId}/minutes", new { body, attribution }))
        {
            await saved.AssertStatusAsync(HttpStatusCode.OK);
        }
        using var published = await client.PostAsync($"/api/v1/meetings/{meetingId}/minutes/publish", null);
        return await published.ReadJsonAsync<MinutesJson>();
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
