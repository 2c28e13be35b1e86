using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace ChildForum.Mail.Services.Replies;

/// <summary>Who may answer into which thread, as named by a reply address's token.</summary>
public sealed record ReplyAddressee(string UserId, int ThreadId);

/// <summary>The token of a reply address (<c>reply+TOKEN@domain</c>): one person, one thread, signed. A local part holds
/// at most 64 characters and mail systems may lowercase it, so a data-protection token (well over 100 characters, case
/// sensitive) cannot be used. The token is the person's id (a GUID, 16 bytes), the thread's id (4 bytes) and the first
/// 10 bytes (80 bits) of an HMAC-SHA256 over both, in lowercase base32 without padding: 48 characters.
/// <para>The HMAC key must be the same on every web node and survive restarts without a table of its own: it is derived
/// (HKDF) from the master key of a key in the site's data-protection key ring, which lives in the database
/// (<c>DataProtectionKeys</c>) and which every node reads. A token is made with the newest active key and checked against
/// every key not revoked, so tokens in mails sent before a key rotation keep working; revoking a key ends them. A person
/// whose id is not a GUID (none the site creates) gets no reply address. The key list is read from the database at most
/// once a minute (again at once when a token does not check, as a key another node just made may sign it).</para></summary>
public sealed class ReplyTokens(IKeyManager keys, IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan KeysFor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RereadAfter = TimeSpan.FromSeconds(10);
    private volatile KeyList? _keys;

    public const int Length = 48;
    private const int MacBytes = 10;
    private const int PayloadBytes = 20;
    private static readonly byte[] Purpose = "ChildForum.Mail.Reply.v1"u8.ToArray();
    private readonly ConcurrentDictionary<Guid, byte[]> _secrets = new();

    /// <summary>The token, or null when the person's id is not a GUID or the site has no data-protection key yet.</summary>
    public string? Create(string userId, int threadId)
    {
        if (!Guid.TryParse(userId, out var user) || threadId <= 0)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var usable = Usable(refresh: false);
        if (usable.Count == 0)
        {
            // A new site has no key until something is first protected; protecting makes the default key as usual.
            protection.CreateProtector("ChildForum.Mail.Reply.v1").Protect([]);
            usable = Usable(refresh: true);
        }
        var key = usable.Where(k => k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ActivationDate) ?? usable.MaxBy(k => k.ActivationDate);
        if (key is null || Secret(key) is not { } secret)
        {
            return null;
        }
        var token = new byte[PayloadBytes + MacBytes];
        Payload(user, threadId, token);
        Mac(secret, token.AsSpan(0, PayloadBytes), token.AsSpan(PayloadBytes));
        return Base32.Encode(token);
    }

    /// <summary>The person and thread of a genuine token; null for anything else (malformed, altered, or made with a key
    /// that was revoked). Letters are read in either case.</summary>
    public ReplyAddressee? Read(string? token)
    {
        if (token is null || token.Length != Length || Base32.Decode(token) is not { Length: PayloadBytes + MacBytes } bytes)
        {
            return null;
        }
        var payload = bytes.AsSpan(0, PayloadBytes);
        if (!Genuine(bytes, Usable(refresh: false)) && !(_keys?.ReadAt < clock.GetUtcNow() - RereadAfter && Genuine(bytes, Usable(refresh: true))))
        {
            return null;
        }
        var user = new Guid(payload[..16], bigEndian: true);
        var thread = BinaryPrimitives.ReadInt32BigEndian(payload[16..]);
        return thread > 0 ? new ReplyAddressee(user.ToString(), thread) : null;
    }

    private bool Genuine(byte[] token, IReadOnlyList<IKey> usable)
    {
        var expected = new byte[MacBytes];
        var genuine = false;
        foreach (var key in usable)
        {
            if (Secret(key) is { } secret)
            {
                Mac(secret, token.AsSpan(0, PayloadBytes), expected);
                genuine |= CryptographicOperations.FixedTimeEquals(expected, token.AsSpan(PayloadBytes));
            }
        }
        return genuine;
    }

    private IReadOnlyList<IKey> Usable(bool refresh)
    {
        var now = clock.GetUtcNow();
        if (refresh || _keys is not { } list || list.ReadAt < now - KeysFor)
        {
            list = new KeyList(keys.GetAllKeys().Where(k => !k.IsRevoked).ToList(), now);
            _keys = list;
        }
        return list.Keys;
    }

    private sealed record KeyList(IReadOnlyList<IKey> Keys, DateTimeOffset ReadAt);

    private static void Payload(Guid user, int threadId, Span<byte> destination)
    {
        user.TryWriteBytes(destination[..16], bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(destination[16..PayloadBytes], threadId);
    }

    private static void Mac(byte[] secret, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, payload, full);
        full[..MacBytes].CopyTo(destination);
    }

    /// <summary>The reply secret of one data-protection key: HKDF-SHA256 over its serialized descriptor, which holds its
    /// master key. Null for a key whose descriptor cannot be read (e.g. encrypted with a certificate this node lacks).</summary>
    private byte[]? Secret(IKey key)
    {
        if (_secrets.TryGetValue(key.KeyId, out var cached))
        {
            return cached;
        }
        byte[] material;
        try
        {
            material = Encoding.UTF8.GetBytes(key.Descriptor.ExportToXml().SerializedDescriptorElement.ToString(SaveOptions.DisableFormatting));
        }
        catch (CryptographicException)
        {
            return null;
        }
        var secret = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, salt: key.KeyId.ToByteArray(), info: Purpose);
        CryptographicOperations.ZeroMemory(material);
        return _secrets.GetOrAdd(key.KeyId, secret);
    }
}

/// <summary>RFC 4648 base32 in lowercase without padding: letters and the digits 2–7 only, so a mail system that changes
/// the case of a local part, or a person who types it, loses nothing.</summary>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }

    /// <summary>The bytes, or null when a character is not base32 (either case).</summary>
    public static byte[]? Decode(string text)
    {
        var bytes = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bytes[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return bytes;
    }
}
