using System.Reflection;
using System.Xml.Linq;

namespace ChildForum.Core.Tests.Architecture;

/// <summary>Modules talk to each other only through contracts in ChildForum.Core: no module assembly references
/// another, and the core references none. A module is a project folder under <c>modules/</c>.</summary>
public sealed class ModuleBoundaryTests
{
    private const string CoreAssembly = "ChildForum.Core";

    private static readonly string RepositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> Modules => [.. ModuleNames()];

    [Fact]
    public void Every_module_is_found()
    {
        Assert.Contains("ChildForum.Accounts", ModuleNames());
        Assert.Contains("ChildForum.WorkingGroups", ModuleNames());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_assembly_references_no_other_forum_assembly_than_the_core(string module)
    {
        var forbidden = ReferencedForumAssemblies(LoadModule(module)).Where(name => name != CoreAssembly).ToList();

        Assert.True(forbidden.Count == 0, $"{module} references {string.Join(", ", forbidden)}; modules may use ChildForum.Core only (put a contract there).");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_project_references_no_other_project_than_the_core(string module)
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot, "modules", module, module + ".csproj"));

        var references = project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")?.Value ?? ""))
            .Where(name => name != CoreAssembly)
            .ToList();

        Assert.True(references.Count == 0, $"{module}.csproj references {string.Join(", ", references)}; modules may reference ChildForum.Core only.");
    }

    [Fact]
    public void Core_references_no_module()
    {
        var core = typeof(ChildForum.Core.CoreModule).Assembly;

        var references = ReferencedForumAssemblies(core).ToList();

        Assert.True(references.Count == 0, $"ChildForum.Core references {string.Join(", ", references)}; the core must not depend on a module.");
    }

    private static IEnumerable<string> ReferencedForumAssemblies(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name.StartsWith("ChildForum.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static Assembly LoadModule(string module)
    {
        var path = Path.Combine(AppContext.BaseDirectory, module + ".dll");
        Assert.True(File.Exists(path), $"{module}.dll is not in the test output. The host (ChildForum.Web) should list every module; if it does not yet, reference the module from ChildForum.Core.Tests.csproj.");
        return Assembly.LoadFrom(path);
    }

    private static IEnumerable<string> ModuleNames() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, "modules"))
            .Where(folder => File.Exists(Path.Combine(folder, Path.GetFileName(folder) + ".csproj")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

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
