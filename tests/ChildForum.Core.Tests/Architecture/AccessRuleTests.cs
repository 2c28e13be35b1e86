using System.Reflection;
using System.Text.RegularExpressions;
using ChildForum.Core.Security;

namespace ChildForum.Core.Tests.Architecture;

/// <summary>Access is decided by one rule (<see cref="AccessRule"/>) and nowhere else. The group access record gives
/// modules nothing to decide with (its checks are internal to the core), and no module source reads the
/// administrator role or the group resolver's lookups itself.</summary>
public sealed partial class AccessRuleTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Group_access_offers_modules_no_decision_of_its_own()
    {
        var deciding = typeof(GroupAccess).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name.StartsWith("Can", StringComparison.Ordinal) || m.Name.StartsWith("get_Can", StringComparison.Ordinal) || m.Name == "Allows")
            .Select(m => m.Name)
            .Distinct()
            .ToList();

        Assert.True(deciding.Count == 0, $"GroupAccess exposes {string.Join(", ", deciding)}: modules would decide access with it. Ask AccessRule instead.");
    }

    public static TheoryData<string> ModuleSources => [.. Sources()];

    [Theory]
    [MemberData(nameof(ModuleSources))]
    public void Module_decides_access_only_through_the_access_rule(string file)
    {
        var text = StripComments(File.ReadAllText(Path.Combine(RepositoryRoot, file)));
        var findings = new List<string>();
        foreach (var (pattern, why) in Forbidden)
        {
            if (pattern.IsMatch(text) && !Allowed(file, pattern))
            {
                findings.Add(why);
            }
        }

        Assert.True(findings.Count == 0, $"{file}: {string.Join(" ", findings)} Use ChildForum.Core.Security.AccessRule.");
    }

    [Fact]
    public void The_scan_finds_module_sources_and_pages() =>
        Assert.Contains(Sources(), f => f.EndsWith(".cshtml", StringComparison.Ordinal));

    [Fact]
    public void The_scan_catches_a_role_check() =>
        Assert.Contains(Forbidden, f => f.Pattern.IsMatch("if (User.IsInRole(\"Administrator\")) { }"));

    private static readonly (Regex Pattern, string Why)[] Forbidden =
    [
        (IsInRole(), "It reads the site role itself (IsInRole)."),
        (IsAdministrator(), "It reads the administrator flag itself (IsAdministrator())."),
        (ResolverLookup(), "It looks a group's access up itself (IGroupAccessResolver)."),
        (AuthorizationService(), "It asks IAuthorizationService directly."),
    ];

    /// <summary>The working-groups module implements the resolver the rule asks; only there may it compute a role.</summary>
    private static bool Allowed(string file, Regex pattern) =>
        file.Replace('\\', '/').StartsWith("modules/ChildForum.WorkingGroups/", StringComparison.Ordinal)
        && (pattern.ToString() == ResolverLookup().ToString() || file.EndsWith("GroupAccessResolver.cs", StringComparison.Ordinal));

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "modules"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/node_modules/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string StripComments(string source) => Comments().Replace(source, "");

    [GeneratedRegex(@"\bIsInRole\s*\(")]
    private static partial Regex IsInRole();

    [GeneratedRegex(@"\.IsAdministrator\s*\(\s*\)")]
    private static partial Regex IsAdministrator();

    [GeneratedRegex(@"\bIGroupAccessResolver\b")]
    private static partial Regex ResolverLookup();

    [GeneratedRegex(@"\bIAuthorizationService\b")]
    private static partial Regex AuthorizationService();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comments();

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ChildForum.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No ChildForum.sln above {AppContext.BaseDirectory}.");
    }
}
