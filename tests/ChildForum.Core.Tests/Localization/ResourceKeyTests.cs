using System.Xml.Linq;

namespace ChildForum.Core.Tests.Localization;

/// <summary>The resource compiler keeps only the first of two keys that differ only in case (a warning, not an error), and
/// lookups are case-sensitive: the other sentence then shows in English on a Chinese page. No translation file may hold
/// such a pair.</summary>
public sealed class ResourceKeyTests
{
    public static TheoryData<string> TranslationFiles => [.. Directory
        .EnumerateFiles(RepositoryRoot(), "*.zh-Hans.resx", SearchOption.AllDirectories)
        .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                       && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(file => Path.GetRelativePath(RepositoryRoot(), file).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(TranslationFiles))]
    public void No_two_keys_differ_only_in_case(string file)
    {
        var keys = XDocument.Load(Path.Combine(RepositoryRoot(), file)).Root!.Elements("data").Select(data => (string)data.Attribute("name")!);

        var clashes = keys.GroupBy(key => key, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => string.Join(" / ", group));

        Assert.Empty(clashes);
    }

    private static string RepositoryRoot()
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
