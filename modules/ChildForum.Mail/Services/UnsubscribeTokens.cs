using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ChildForum.Mail.Services;

/// <summary>What one unsubscribe link switches off: one kind of mail of one group for one person (group 0: site mail).</summary>
public sealed record UnsubscribeRequest(string UserId, int GroupId, string Kind);

/// <summary>The token of a mail's unsubscribe link (RFC 8058): it works without signing in, so it is signed and names
/// exactly what it switches off. Protected with the site's data-protection keys, which every web node shares and which
/// keep old keys for reading, so a link in an old mail still works.</summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ChildForum.Mail.Unsubscribe.v1");

    public string Create(UnsubscribeRequest request) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes($"{request.UserId}\n{request.GroupId}\n{request.Kind}")));

    /// <summary>Null for a token that is malformed, forged or made with a key the site no longer has.</summary>
    public UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('\n');
            return parts.Length == 3 && int.TryParse(parts[1], out var group) ? new UnsubscribeRequest(parts[0], group, parts[2]) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
