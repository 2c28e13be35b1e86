namespace ChildForum.Mail.Models;

public enum OutgoingMailStatus
{
    /// <summary>Waiting for the sender (or for its next attempt).</summary>
    Queued,
    Sent,
    /// <summary>Given up after the last attempt; shown on the administrators' page.</summary>
    Failed,
    /// <summary>Not sent: at send time the recipient had switched it off, or could no longer read its subject.</summary>
    Withheld,
    /// <summary>The recipient's group is on the daily digest: the event goes into the next digest instead.</summary>
    Digested,
}

/// <summary>A row of the mail outbox (<see cref="ChildForum.Core.Mail.MailRequest"/>), written in the transaction of the
/// change that causes it. The mail's text is composed at send time.</summary>
public sealed class OutgoingMail
{
    public const int ErrorMaxLength = 1000;
    public const int DataMaxLength = 1000;

    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    public int? GroupId { get; set; }
    public required string Subject { get; set; }
    public string? Data { get; set; }

    /// <summary>The mail's <c>Message-ID</c> is made of it: the same on every attempt, so a mail delivered twice after a
    /// crash between sending and recording is recognisably one.</summary>
    public Guid MessageKey { get; set; }

    public DateTime CreatedAt { get; set; }
    public OutgoingMailStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The web node that claimed the row, until <see cref="ClaimedUntil"/> (several nodes on PostgreSQL).</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }

    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}
