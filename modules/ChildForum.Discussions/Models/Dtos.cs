namespace ChildForum.Discussions.Models;

public sealed record AuthorDto(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record ThreadDto(int Id, int GroupId, string Title, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, int MessageCount, bool Locked, int LastSeq);

/// <summary>The contract's message, plus <c>hidden</c> (moderated), <c>reactions</c> and <c>replyTo</c> (a short quote).</summary>
public sealed record MessageDto(
    long Id, int ThreadId, int Seq, AuthorDto Author, string Body, string Html, long? ReplyToId, string ClientMessageId,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted, bool Hidden,
    IReadOnlyDictionary<string, int> Reactions, ReplyQuoteDto? ReplyTo);

public sealed record ReplyQuoteDto(long Id, int Seq, string AuthorName, string Excerpt);

public sealed record MessagePageDto(IReadOnlyList<MessageDto> Items);

/// <summary>An earlier text of an edited message: what it said until <c>replacedAt</c>.</summary>
public sealed record RevisionDto(string Body, string Html, DateTimeOffset ReplacedAt);

public sealed record RevisionPageDto(long MessageId, IReadOnlyList<RevisionDto> Items);

public sealed record MessageDeletedDto(int ThreadId, long Id);

public sealed record PresenceUserDto(string Id, string DisplayName, string Organisation, string StakeholderType);

public sealed record PresenceDto(int ThreadId, IReadOnlyList<PresenceUserDto> Users);

public sealed record TypingDto(int ThreadId, PresenceUserDto User);

public sealed record JoinResultDto(int ThreadId, int LastSeq, IReadOnlyList<PresenceUserDto> Presence);

public sealed record ReactionsChangedDto(int ThreadId, long Id, IReadOnlyDictionary<string, int> Reactions);

public sealed record ThreadLockChangedDto(int ThreadId, bool Locked);

public sealed record NotificationCountDto(int Unread);

public sealed record CreateThreadRequest(string? Title, string? Body, bool? ConfirmPersonalData);
public sealed record PostMessageRequest(string? Body, string? ClientMessageId, long? ReplyToId, bool? ConfirmPersonalData);
public sealed record EditMessageRequest(string? Body, bool? ConfirmPersonalData);
public sealed record FlagRequest(string? Reason, bool? ConfirmPersonalData = null);

public sealed record FlagDto(long Id, long MessageId, int ThreadId, string ThreadTitle, int Seq, string Kind, string Reason, string? FlaggedBy, DateTimeOffset CreatedAt, string Excerpt, bool Hidden);
