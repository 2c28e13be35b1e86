using ChildForum.Core.Mail;

namespace ChildForum.Mail.Services.Replies;

/// <summary>The facts of a <see cref="MailKinds.ReplyRefused"/> row: why the reply was not posted (a
/// <see cref="MailReplyStatus"/> name, or <see cref="Forged"/>) and which mail it answers (a hash of its
/// <c>Message-ID</c>, so that a reply read twice is answered once). Never the reply's text.</summary>
public static class ReplyRefusal
{
    /// <summary>The reply address was not a genuine token of the sender, or the sender was not its person.</summary>
    public const string Forged = "forged";

    /// <summary>The row's subject: the thread (0 for a forged address, which names none).</summary>
    public static string Subject(int threadId) => "thread:" + threadId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Data(string reason, string mail) => MailText.Data(new Dictionary<string, string> { ["reason"] = reason, ["mail"] = mail });

    /// <summary>The reason, or null when the row carries none.</summary>
    public static string? Reason(string? data) => MailText.String(data, "reason");
}
