namespace ChildForum.Mail.Services.Replies;

/// <summary>Configuration section <c>Mail:Replies</c>: how the reply reader paces itself. The mailbox itself is
/// <c>Mail:Imap:*</c> and the address <c>Mail:ReplyAddress</c>; the reader runs only when both are set.</summary>
public sealed class ReplyOptions
{
    public const string Section = "Mail:Replies";

    /// <summary>How often the mailbox is looked at when the server cannot tell (IMAP IDLE) that mail arrived; also the
    /// longest one IDLE lasts before it is renewed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait before connecting again after the connection failed (it doubles from one second).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The folder that read replies are moved to, so that none is read twice; created when missing.</summary>
    public string ProcessedFolder { get; set; } = "Processed";
}
