using ChildForum.Benchmarks.Support;

namespace ChildForum.Core.Tests.Architecture;

/// <summary>What <see cref="ModuleLoadTests"/> cannot see: a library loaded because a service registration, a field or a
/// page names one of its types (the Redis client was, by the cluster bus and the sign-in failure counters of every site).
/// The site is started as it runs in service, in a process of its own (SQLite, Lucene, no Redis, the demo recipe), asked
/// for the pages people open first, and the libraries it has mapped are read from <c>/proc</c>.</summary>
public sealed class SiteLoadTests
{
    private static readonly string[] Pages =
    [
        "/", "/account/login", "/groups/left-behind-children", "/groups/left-behind-children/threads/1",
        "/groups/left-behind-children/drafts/1", "/search?q=children", "/api/v1/groups",
    ];

    [Fact]
    public async Task A_site_without_redis_or_elasticsearch_loads_none_of_the_libraries_used_on_demand()
    {
        Assert.True(OperatingSystem.IsLinux(), "The test reads the site's mapped files from /proc.");
        var data = Directory.CreateTempSubdirectory("childforum-load-");
        var port = ServedProcess.FreePort();
        try
        {
            await using var site = ServedProcess.Start(ServedProcess.SiteStart(WebDll(), port, data.FullName), port, Path.Combine(data.FullName, "site.log"));
            await site.WaitUntilHealthyAsync("site", TimeSpan.FromSeconds(120), CancellationToken.None);
            using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
            foreach (var page in Pages)
            {
                using var response = await http.GetAsync(page);
                Assert.True(response.IsSuccessStatusCode, $"{page} answered {(int)response.StatusCode}");
            }

            var mapped = File.ReadLines($"/proc/{site.Pid}/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6 && fields[5].EndsWith(".dll", StringComparison.Ordinal))
                .Select(fields => Path.GetFileNameWithoutExtension(fields[5]))
                .ToHashSet(StringComparer.Ordinal);

            // What the site does use is there: the reading of the maps works.
            Assert.Contains("Lucene.Net", mapped);
            Assert.Contains("Microsoft.EntityFrameworkCore.Sqlite", mapped);
            Assert.Empty(mapped.Where(name => ModuleLoadTests.OnDemand.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))).Order(StringComparer.Ordinal));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>The site as the solution's build left it, in the configuration of this test's own build.</summary>
    private static string WebDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var dll = Path.Combine(CommandLine.RepositoryRoot(output.FullName)!, "src", "ChildForum.Web", "bin", configuration, framework, "ChildForum.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built: build the solution first.");
        return dll;
    }
}
