using MimeKit;

namespace ChildForum.Mail.Services.Replies;

/// <summary><c>Mail:ReplyAddress</c> with a token in its local part: <c>reply@forum.example.org</c> becomes
/// <c>reply+TOKEN@forum.example.org</c>, and a mail arriving at such an address names its token. Local part and domain
/// are compared without case (mail systems may change it).</summary>
public sealed class ReplyAddress
{
    private readonly string _local;
    private readonly string _domain;

    private ReplyAddress(string local, string domain)
    {
        _local = local;
        _domain = domain;
    }

    /// <summary>Null when <c>Mail:ReplyAddress</c> is unset (no replies by e-mail) or not an address (start-up validation
    /// reports that).</summary>
    public static ReplyAddress? From(MailOptions options) =>
        MailboxAddress.TryParse(options.ReplyAddress, out var mailbox) && mailbox.Domain.Length > 0 && mailbox.LocalPart.Length > 0
            ? new ReplyAddress(mailbox.LocalPart, mailbox.Domain) : null;

    public MailboxAddress With(string token) => new(name: null, $"{_local}+{token}@{_domain}");

    /// <summary>The token of an address of ours (<c>local+TOKEN@domain</c>), else null.</summary>
    public string? Token(string? address)
    {
        if (address is null || address.LastIndexOf('@') is var at && at <= 0)
        {
            return null;
        }
        var (local, domain) = (address[..at], address[(at + 1)..]);
        var prefix = _local + "+";
        return string.Equals(domain, _domain, StringComparison.OrdinalIgnoreCase) && local.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && local.Length > prefix.Length
            ? local[prefix.Length..] : null;
    }

    /// <summary>Whether the address is ours at all (with or without a token): mail from it is our own, never a reply.</summary>
    public bool IsOurs(string? address) =>
        address is not null && address.LastIndexOf('@') is var at && at > 0
        && string.Equals(address[(at + 1)..], _domain, StringComparison.OrdinalIgnoreCase)
        && (string.Equals(address[..at], _local, StringComparison.OrdinalIgnoreCase) || address[..at].StartsWith(_local + "+", StringComparison.OrdinalIgnoreCase));
}
