namespace ChildForum.Mail;

/// <summary>The <c>Mail</c> configuration section (keys in ../shared/API.md). No <c>Mail:Smtp:Host</c>: no mail is queued
/// or sent, and the administrators' page says so.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender address of every mail, e.g. <c>ChildForum &lt;forum@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    public ImapOptions Imap { get; set; } = new();

    /// <summary>Replies go to its local part + <c>+TOKEN</c> at its domain, e.g. <c>reply@forum.example.org</c>.</summary>
    public string? ReplyAddress { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c>.</summary>
    public string Security { get; set; } = "starttls";

    public string? User { get; set; }
    public string? Password { get; set; }
}

public sealed class ImapOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 993;

    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c>.</summary>
    public string Security { get; set; } = "tls";

    public string? User { get; set; }
    public string? Password { get; set; }
}
