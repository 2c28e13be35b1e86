namespace ChildForum.Testing;

/// <summary>Names that no other test uses, so that tests sharing one site never meet each other's data.</summary>
public static class Unique
{
    public static string Suffix() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>A valid group slug: a letter, then letters, digits and hyphens.</summary>
    public static string Slug(string prefix = "t") => $"{prefix}-{Suffix()}";

    public static string Email() => $"test-{Suffix()}@example.org";

    public static string Name(string prefix) => $"{prefix} {Suffix()}";
}
