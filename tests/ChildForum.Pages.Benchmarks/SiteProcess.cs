using ChildForum.Benchmarks.Support;

namespace ChildForum.Pages.Benchmarks;

/// <summary>The published site in its own process on a free loopback port (Production, SQLite, demo recipe, a new data
/// folder; <see cref="ServedProcess"/>), so that its CPU time can be read from /proc apart from wrk's and the driver's.</summary>
public static class SiteProcess
{
    public static async Task<ServedProcess> StartAsync(string webDir, string dataPath, string logPath, CancellationToken cancellationToken)
    {
        var port = ServedProcess.FreePort();
        var site = ServedProcess.Start(ServedProcess.SiteStart(Path.Combine(webDir, "ChildForum.Web.dll"), port, dataPath), port, logPath);
        try
        {
            await site.WaitUntilHealthyAsync("site", TimeSpan.FromSeconds(120), cancellationToken);
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }
}
