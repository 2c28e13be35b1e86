namespace ChildForum.Mail.Services.Sending;

/// <summary>Configuration section <c>Mail:Sending</c>: how the sender paces itself. The defaults suit a site; tests shorten
/// the delays so that a retry can be watched.</summary>
public sealed class SendingOptions
{
    public const string Section = "Mail:Sending";

    /// <summary>How often the sender looks at the outbox when nothing woke it (a retry that falls due, a row another node
    /// queued).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows claimed at once by one node.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Rows composed at once, ahead of the one being sent. Composing a mail waits mostly on the database (a digest
    /// asks each module), so a few at once keep the sender busy; sending stays in order, one connection per node.</summary>
    public int ComposeAhead { get; set; } = 4;

    /// <summary>How long a claim holds: a node that crashed with claimed rows leaves them to the others after this.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first failed attempt; it doubles after each further one (1, 2, 4, 8, 16 minutes).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts before a mail is kept as failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempts) => FirstRetryDelay * Math.Pow(2, Math.Max(0, attempts - 1));
}
