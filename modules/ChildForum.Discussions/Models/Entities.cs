namespace ChildForum.Discussions.Models;

public sealed class DiscussionThread
{
    public int Id { get; set; }
    public int GroupId { get; set; }
    public required string Title { get; set; }
    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastActivityAt { get; set; }
    public bool Locked { get; set; }
    public int MessageCount { get; set; }

    /// <summary>The seq of the newest message. Posting increments it with one atomic UPDATE inside its transaction
    /// (MessageService.PostAsync); code that changes other columns updates only those.</summary>
    public int LastSeq { get; set; }
}

public sealed class Message
{
    public long Id { get; set; }
    public int ThreadId { get; set; }
    public int Seq { get; set; }
    public required string AuthorId { get; set; }
    public required string Body { get; set; }
    public required string Html { get; set; }
    public long? ReplyToId { get; set; }
    public required string ClientMessageId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public bool Deleted { get; set; }
    public bool Hidden { get; set; }
}

/// <summary>An earlier text of an edited message.</summary>
public sealed class MessageRevision
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public required string Body { get; set; }
    public DateTime ReplacedAt { get; set; }
}

public sealed class MessageReaction
{
    public long MessageId { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class Reactions
{
    /// <summary>The fixed set: agree, thanks, question, important.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["agree"] = "👍",
        ["thanks"] = "🙏",
        ["question"] = "❓",
        ["important"] = "❗",
    };
}

public enum FlagKind { Member, PersonalData }

/// <summary>A message sent to the facilitators' moderation queue, by a member or by the safeguarding check.</summary>
public sealed class MessageFlag
{
    public const int ReasonMaxLength = 1000;

    public long Id { get; set; }
    public long MessageId { get; set; }
    public Message? Message { get; set; }
    public FlagKind Kind { get; set; }
    public string? FlaggedById { get; set; }
    public required string Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedById { get; set; }
}
