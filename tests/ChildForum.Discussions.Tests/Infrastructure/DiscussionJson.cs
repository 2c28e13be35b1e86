namespace ChildForum.Discussions.Tests.Infrastructure;

// The discussions JSON as a client sees it (shared/API.md "Discussions" and docs/api-extensions.md), read into the
// tests' own records rather than the module's DTOs, so that a change of the wire format fails a test.

public sealed record AuthorJson(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record ThreadJson(int Id, int GroupId, string Title, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, int MessageCount, bool Locked, int LastSeq);

public sealed record ReplyQuoteJson(long Id, int Seq, string AuthorName, string Excerpt);

public sealed record MessageJson(
    long Id, int ThreadId, int Seq, AuthorJson Author, string Body, string Html, long? ReplyToId, string ClientMessageId,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted, bool Hidden,
    Dictionary<string, int> Reactions, ReplyQuoteJson? ReplyTo);

public sealed record MessagePageJson(List<MessageJson> Items);

public sealed record RevisionJson(string Body, string Html, DateTimeOffset ReplacedAt);

public sealed record RevisionPageJson(long MessageId, List<RevisionJson> Items);

public sealed record FlagJson(
    long Id, long MessageId, int ThreadId, string ThreadTitle, int Seq, string Kind, string Reason, string? FlaggedBy,
    DateTimeOffset CreatedAt, string Excerpt, bool Hidden);

public sealed record UserJson(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record JoinResultJson(int ThreadId, int LastSeq, List<UserJson> Presence);

public sealed record PresenceJson(int ThreadId, List<UserJson> Users);

public sealed record TypingJson(int ThreadId, UserJson User);

public sealed record MessageDeletedJson(int ThreadId, long Id);

public sealed record ReactionsChangedJson(int ThreadId, long Id, Dictionary<string, int> Reactions);

public sealed record ThreadLockChangedJson(int ThreadId, bool Locked);

public sealed record NotificationCountJson(int Unread);
