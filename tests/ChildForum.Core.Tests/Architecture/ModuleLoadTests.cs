using System.Reflection;
using System.Runtime.Loader;

namespace ChildForum.Core.Tests.Architecture;

/// <summary>MVC lists the public types of every module at start (<see cref="Http.PublicTypesPart"/>). Listing them must
/// not load a library that only one backend or one kind of request uses, or every site carries it from its start: the
/// Elasticsearch client (about 4 MB resident) in a site on Lucene, the Open XML SDK before anyone imports a Word file.
/// Each module is loaded in a context of its own, so what other tests in this process have loaded does not count.
/// <see cref="SiteLoadTests"/> checks the running site, for libraries loaded by registrations and pages.</summary>
public sealed class ModuleLoadTests
{
    /// <summary>Libraries a site loads only when it is configured for them or a request needs them.</summary>
    internal static readonly string[] OnDemand = ["Elastic.", "DocumentFormat.OpenXml", "UglyToad.PdfPig", "ClosedXML", "AWSSDK.", "StackExchange.Redis", "Microsoft.AspNetCore.SignalR.StackExchangeRedis"];

    public static TheoryData<string> Modules =>
    [
        "ChildForum.Core",
        .. Directory.GetFiles(AppContext.BaseDirectory, "ChildForum.*.dll")
            .Select(file => Path.GetFileNameWithoutExtension(file))
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal) && !name.StartsWith("ChildForum.Migrations", StringComparison.Ordinal)
                           && name is not ("ChildForum.Core" or "ChildForum.Testing" or "ChildForum.Web" or "ChildForum.Theme"))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void The_modules_are_found()
    {
        Assert.Contains("ChildForum.Search", Modules);
        Assert.Contains("ChildForum.Files", Modules);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Listing_a_modules_public_types_loads_no_library_used_on_demand(string module)
    {
        var context = new Isolated(AppContext.BaseDirectory);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, module + ".dll"));

            _ = assembly.ExportedTypes.ToList();

            var loaded = context.Assemblies.Select(a => a.GetName().Name!).Where(name => OnDemand.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
            Assert.Empty(loaded);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the site's own and NuGet assemblies from the test's folder into itself; the shared framework comes
    /// from the default context.</summary>
    private sealed class Isolated(string folder) : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
