using ChildForum.Discussions.Models;

namespace ChildForum.Discussions.Hubs;

/// <summary>The events a client of <c>/hubs/discussion</c> receives (shared/API.md, plus the last four).</summary>
public interface IDiscussionClient
{
    Task MessagePosted(MessageDto message);
    Task MessageEdited(MessageDto message);
    Task MessageDeleted(MessageDeletedDto message);
    Task PresenceChanged(PresenceDto presence);
    Task UserTyping(TypingDto typing);
    Task ReactionsChanged(ReactionsChangedDto reactions);
    Task ThreadLockChanged(ThreadLockChangedDto thread);
    Task ThreadAccessRevoked(int threadId);
    Task NotificationCountChanged(NotificationCountDto count);
}
