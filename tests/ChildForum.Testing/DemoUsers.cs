namespace ChildForum.Testing;

/// <summary>The people of the demo recipe (see shared/API.md, "The demo recipe").</summary>
public static class DemoUsers
{
    public const string Domain = "demo.childforum.org";

    /// <summary><c>Demo:Password</c>; the factory sets it explicitly so that a machine's configuration cannot change it.</summary>
    public const string Password = "ChildForum-demo-2026";

    public const string Admin = "admin";
    public const string Facilitator = "facilitator";
    public const string Cso = "cso";
    public const string Official = "official";
    public const string Researcher = "researcher";
    public const string Business = "business";
    public const string Outsider = "outsider";

    public static IReadOnlyList<string> All { get; } = [Admin, Facilitator, Cso, Official, Researcher, Business, Outsider];

    /// <summary>The members of both demo groups besides the facilitator, one per stakeholder type.</summary>
    public static IReadOnlyList<string> Members { get; } = [Cso, Official, Researcher, Business];

    /// <summary><c>"cso"</c> becomes <c>cso@demo.childforum.org</c>; a full address is returned as it is.</summary>
    public static string Email(string user) => user.Contains('@', StringComparison.Ordinal) ? user : $"{user}@{Domain}";
}

/// <summary>The groups of the demo recipe.</summary>
public static class DemoGroups
{
    /// <summary>Visibility <c>public</c>.</summary>
    public const string LeftBehindChildren = "left-behind-children";

    /// <summary>Visibility <c>members</c>.</summary>
    public const string ChildProtectionAlliance = "child-protection-alliance";
}
