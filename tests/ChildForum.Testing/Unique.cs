namespace ChildForum.Testing;

/// <summary>Names that no other test uses, so that tests sharing one site never meet each other's data.</summary>
public static class Unique
{
    /// <summary>Twelve random lowercase letters. Letters only: a run of hex digits can look like a mainland mobile
    /// number (1[3-9] and nine more digits) and trip the safeguarding check in a title.</summary>
    public static string Suffix() => string.Create(12, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
        }
    });

    /// <summary>A valid group slug: a letter, then letters, digits and hyphens.</summary>
    public static string Slug(string prefix = "t") => $"{prefix}-{Suffix()}";

    public static string Email() => $"test-{Suffix()}@example.org";

    public static string Name(string prefix) => $"{prefix} {Suffix()}";
}
