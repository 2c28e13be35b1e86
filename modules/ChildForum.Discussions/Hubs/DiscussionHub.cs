using System.Globalization;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Discussions.Hubs;

/// <summary><c>/hubs/discussion</c>: the contract's methods and events. The hub asks <see cref="AccessRule"/> through
/// <see cref="ThreadAccessResolver"/>, as the HTTP API does; the caller is <c>Context.User</c>, re-checked on every call by
/// <see cref="SessionHubFilter"/>.</summary>
[Authorize]
public sealed class DiscussionHub(ThreadAccessResolver resolver, MessageService messages, MessageDtoBuilder dtos, PresenceTracker presence, IPresenceStore shared, PresenceBroadcaster broadcaster,
    HubConnections connections, AccessRule rule, IOptions<DiscussionsOptions> options, TimeProvider clock, IStringLocalizer<DiscussionsResource> t) : Hub<IDiscussionClient>
{
    /// <summary>The SignalR group of a thread's live readers: every event about the thread is sent to it once.</summary>
    public static string ThreadGroup(int threadId) => "thread:" + threadId.ToString(CultureInfo.InvariantCulture);

    public override async Task OnConnectedAsync()
    {
        if (!connections.TryAdd(Context, options.Value.MaxConnectionsPerPerson))
        {
            throw new HubException(t["You have {0} live connections open already, the most one person may have. Close a tab or window and connect again.", options.Value.MaxConnectionsPerPerson]);
        }
        await base.OnConnectedAsync();
    }

    public async Task<JoinResultDto> JoinThread(int threadId)
    {
        var access = await resolver.AccessAsync(threadId, Context.User!, GroupPermissions.Read, Context.ConnectionAborted);
        if (!access.Succeeded)
        {
            throw new HubException(Describe(access));
        }
        var me = await CurrentUserAsync();
        if (!presence.Join(Context.ConnectionId, me, threadId, options.Value.MaxThreadsPerConnection))
        {
            throw new HubException(t["This connection has {0} threads open, the most it may have. Leave one (LeaveThread) before joining another.", options.Value.MaxThreadsPerConnection]);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, ThreadGroup(threadId));
        await shared.AddAsync(threadId, Context.ConnectionId, me);
        broadcaster.Changed(threadId);
        return new JoinResultDto(threadId, access.Value!.Thread.LastSeq, await shared.UsersInAsync(threadId));
    }

    public async Task LeaveThread(int threadId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ThreadGroup(threadId));
        if (presence.Leave(Context.ConnectionId, threadId))
        {
            await shared.RemoveAsync(threadId, Context.ConnectionId);
            broadcaster.Changed(threadId);
        }
    }

    public Task<MessageDto> SendMessage(int threadId, string body, string clientMessageId, long? replyToId) =>
        SendAsync(threadId, body, clientMessageId, replyToId, confirmPersonalData: false);

    /// <summary>As <see cref="SendMessage"/>, after the author has confirmed posting a phone number or e-mail address.</summary>
    public Task<MessageDto> SendConfirmedMessage(int threadId, string body, string clientMessageId, long? replyToId) =>
        SendAsync(threadId, body, clientMessageId, replyToId, confirmPersonalData: true);

    public async Task Typing(int threadId)
    {
        if (presence.IsIn(Context.ConnectionId, threadId) && presence.ShouldRelayTyping(Context.ConnectionId, clock.GetUtcNow().UtcDateTime))
        {
            await Clients.OthersInGroup(ThreadGroup(threadId)).UserTyping(new TypingDto(threadId, await CurrentUserAsync()));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        foreach (var threadId in presence.Disconnect(Context.ConnectionId))
        {
            await shared.RemoveAsync(threadId, Context.ConnectionId);
            broadcaster.Changed(threadId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    private async Task<MessageDto> SendAsync(int threadId, string body, string clientMessageId, long? replyToId, bool confirmPersonalData)
    {
        var outcome = await messages.PostAsync(threadId, Context.User!, new PostMessageRequest(body, clientMessageId, replyToId, confirmPersonalData), Context.ConnectionAborted);
        return outcome.Succeeded ? outcome.Value! : throw new HubException(Describe(outcome));
    }

    /// <summary>The refusal in the caller's language; "not found" is worded by the access rule, like the API's.</summary>
    private string Describe<T>(Outcome<T> outcome) =>
        outcome.Status == OutcomeStatus.NotFound ? rule.NotFoundSentence(outcome.Message ?? "thread") : outcome.Describe(t);

    private async Task<PresenceUserDto> CurrentUserAsync()
    {
        var id = Context.UserIdentifier!;
        var author = (await dtos.AuthorsAsync([id], Context.ConnectionAborted))[id];
        return new PresenceUserDto(author.Id, author.DisplayName, author.Organisation, author.StakeholderType);
    }
}
