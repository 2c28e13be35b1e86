using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.SignalR;

namespace ChildForum.Benchmarks;

/// <summary>The yardstick: a hub at the same path with the same method shapes as the site's DiscussionHub
/// (JoinThread adds the caller to the thread's group; SendMessage broadcasts a message DTO of the same shape
/// to the group and returns it), which stores nothing, checks nothing and needs no sign-in.
/// Started by the driver as a separate process of this program: <c>--bare-server PORT</c>.</summary>
public static class BareServer
{
    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        // As the site: MaximumReceiveMessageSize is the only hub option it changes.
        builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = 256 * 1024);
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapHub<BareDiscussionHub>("/hubs/discussion");
        await app.RunAsync();
        return 0;
    }
}

public sealed record BareAuthor(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record BareMessage(
    long Id, int ThreadId, int Seq, BareAuthor Author, string Body, string Html, long? ReplyToId, string ClientMessageId,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted, bool Hidden,
    IReadOnlyDictionary<string, int> Reactions, object? ReplyTo);

public sealed record BareJoinResult(int ThreadId, int LastSeq, IReadOnlyList<BareAuthor> Presence);

public sealed class BareDiscussionHub : Hub
{
    private static readonly BareAuthor Author = new("00000000-0000-0000-0000-000000000000", "Zhang Min", "Sunflower Children's Service Centre", "cso");
    private static long _seq;

    public async Task<BareJoinResult> JoinThread(int threadId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(threadId));
        return new BareJoinResult(threadId, (int)Interlocked.Read(ref _seq), []);
    }

    public async Task<BareMessage> SendMessage(int threadId, string body, string clientMessageId, long? replyToId)
    {
        var seq = Interlocked.Increment(ref _seq);
        var reactions = new Dictionary<string, int> { ["agree"] = 0, ["thanks"] = 0, ["question"] = 0, ["important"] = 0 };
        // The site renders Markdown and sanitises it; the yardstick only encodes, so that html is of a similar size.
        var message = new BareMessage(seq, threadId, (int)seq, Author, body, "<p>" + HtmlEncoder.Default.Encode(body) + "</p>", replyToId,
            clientMessageId, DateTimeOffset.UtcNow, null, false, false, reactions, null);
        await Clients.Group(Group(threadId)).SendAsync("MessagePosted", message);
        return message;
    }

    private static string Group(int threadId) => "thread:" + threadId.ToString(CultureInfo.InvariantCulture);
}
