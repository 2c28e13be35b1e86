using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Tests.Infrastructure;

/// <summary>A group of the test's own with a thread in it. The default cast: the demo facilitator facilitates,
/// cso and official are members, researcher observes; business and outsider are not in the group.</summary>
public sealed record Scene(GroupJson Group, ThreadJson Thread)
{
    public static readonly (string User, string Role)[] DefaultCast =
    [
        (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "observer"),
    ];
}

/// <summary>Calls of the discussions API, for arranging a test; the behaviour under test is asserted on raw responses.</summary>
public static class DiscussionApi
{
    public static string NewClientMessageId() => "c-" + Guid.NewGuid().ToString("N");

    /// <summary>A new group (members-only unless told) with <see cref="Scene.DefaultCast"/> or the given people,
    /// and a thread the group's first facilitator started.</summary>
    public static async Task<Scene> NewSceneAsync(this ForumAppFactory app, string visibility = "members", params (string User, string Role)[] cast)
    {
        cast = cast.Length == 0 ? Scene.DefaultCast : cast;
        var group = await app.CreateGroupAsync(visibility, cast);
        using var starter = await app.ClientForAsync(cast.First(c => c.Role == "facilitator").User);
        var thread = await starter.StartThreadAsync(group.Id, body: "Welcome to this thread.");
        return new Scene(group, thread);
    }

    public static async Task<ThreadJson> StartThreadAsync(this HttpClient client, object group, string? title = null, string body = "The first message.")
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/groups/{group}/threads", new { title = title ?? Unique.Name("Thread"), body });
        return await response.ReadJsonAsync<ThreadJson>(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> SendMessageAsync(this HttpClient client, int threadId, string body, string? clientMessageId = null,
        long? replyToId = null, bool? confirmPersonalData = null) =>
        client.PostAsJsonAsync($"/api/v1/threads/{threadId}/messages",
            new { body, clientMessageId = clientMessageId ?? NewClientMessageId(), replyToId, confirmPersonalData });

    /// <summary>Posts and expects 201.</summary>
    public static async Task<MessageJson> PostMessageAsync(this HttpClient client, int threadId, string body, string? clientMessageId = null,
        long? replyToId = null, bool? confirmPersonalData = null)
    {
        using var response = await client.SendMessageAsync(threadId, body, clientMessageId, replyToId, confirmPersonalData);
        return await response.ReadJsonAsync<MessageJson>(HttpStatusCode.Created);
    }

    public static async Task<List<MessageJson>> MessagesAsync(this HttpClient client, int threadId, int after = 0, int limit = 200)
    {
        using var response = await client.GetAsync($"/api/v1/threads/{threadId}/messages?after={after}&limit={limit}");
        return (await response.ReadJsonAsync<MessagePageJson>()).Items;
    }

    /// <summary>All messages of a thread, page by page.</summary>
    public static async Task<List<MessageJson>> AllMessagesAsync(this HttpClient client, int threadId)
    {
        var all = new List<MessageJson>();
        while (true)
        {
            var page = await client.MessagesAsync(threadId, all.Count == 0 ? 0 : all[^1].Seq);
            if (page.Count == 0)
            {
                return all;
            }
            all.AddRange(page);
        }
    }

    /// <summary>One message as the caller reads it now (by its seq).</summary>
    public static async Task<MessageJson> ReadMessageAsync(this HttpClient client, MessageJson message) =>
        Assert.Single(await client.MessagesAsync(message.ThreadId, after: message.Seq - 1, limit: 1), m => m.Id == message.Id);

    public static async Task<ThreadJson> ThreadAsync(this HttpClient client, int threadId)
    {
        using var response = await client.GetAsync($"/api/v1/threads/{threadId}");
        return await response.ReadJsonAsync<ThreadJson>();
    }

    public static async Task<List<FlagJson>> FlagsAsync(this HttpClient client, object group)
    {
        using var response = await client.GetAsync($"/api/v1/groups/{group}/flags");
        return await response.ReadJsonAsync<List<FlagJson>>();
    }

    /// <summary>The audit log's actions about one target (e.g. <c>("message", "42")</c>), oldest first.</summary>
    public static Task<List<string>> AuditActionsAsync(this ForumAppFactory app, string targetType, long targetId)
    {
        var id = targetId.ToString(CultureInfo.InvariantCulture);
        return app.QueryDatabaseAsync(db => db.AuditEntries.Where(e => e.TargetType == targetType && e.TargetId == id)
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }
}
