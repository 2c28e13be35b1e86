using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ChildForum.Core.Tests.Localization;

/// <summary>Every literal UI string a project passes to its localiser (<c>T["…"]</c> in views, <c>t["…"]</c> in
/// page models and services) has a Simplified Chinese translation in that project's <c>*.zh-Hans.resx</c>,
/// and every placeholder of the English text appears in the translation.</summary>
public sealed partial class TranslationTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> Projects =>
    [
        "src/ChildForum.Core",
        "themes/ChildForum.Theme",
        .. Directory.GetDirectories(Path.Combine(RepositoryRoot, "modules")).Select(d => "modules/" + Path.GetFileName(d)).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_literal_ui_string_has_a_chinese_translation(string project)
    {
        var translations = Translations(project);

        var missing = LiteralKeys(project).Where(key => !translations.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"{project} has no zh-Hans translation for:\n" + string.Join("\n", missing.Select(k => "  " + k)));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Translations_keep_every_placeholder(string project)
    {
        var broken = Translations(project)
            .Where(t => !Placeholders(t.Key).SetEquals(Placeholders(t.Value)))
            .Select(t => $"  {t.Key} → {t.Value}")
            .ToList();

        Assert.True(broken.Count == 0, $"{project} has translations whose {{0}}-style placeholders differ from the English:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Literal_keys_are_found_in_views_and_code()
    {
        var keys = LiteralKeys("modules/ChildForum.WorkingGroups");

        Assert.Contains("Working groups", keys);
        Assert.Contains("{0} members", keys);
    }

    private static HashSet<string> LiteralKeys(string project)
    {
        var folder = Path.Combine(RepositoryRoot, project);
        return Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LocalizerCall().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups["key"].Value)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static Dictionary<string, string> Translations(string project)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot, project), "*.zh-Hans.resx", SearchOption.AllDirectories);
        return files
            .SelectMany(f => XDocument.Load(f).Root!.Elements("data"))
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "", StringComparer.Ordinal);
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChildForum.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("ChildForum.sln not found above the test output folder.");
    }

    [GeneratedRegex("""\b[Tt]\["(?<key>(?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
