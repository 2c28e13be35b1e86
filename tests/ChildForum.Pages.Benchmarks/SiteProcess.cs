using System.Diagnostics;
using System.Runtime.InteropServices;
using ChildForum.Benchmarks.Support;

namespace ChildForum.Pages.Benchmarks;

/// <summary>The published site in its own process on a free loopback port (Production, SQLite, demo recipe, a new data
/// folder; <see cref="ServedProcess"/>), so that its CPU time can be read from /proc apart from wrk's and the driver's.</summary>
public static class SiteProcess
{
    /// <summary>Publishes src/ChildForum.Web in Release into <paramref name="outputDir"/> as the Dockerfile does (ReadyToRun
    /// for this machine's runtime): the form that is deployed, with the static assets of the theme and modules laid out
    /// under wwwroot as Production serves them.</summary>
    public static async Task PublishAsync(string repositoryRoot, string outputDir, string logPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", Path.Combine(repositoryRoot, "src", "ChildForum.Web", "ChildForum.Web.csproj"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
                     "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", outputDir, "--nologo" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await File.WriteAllTextAsync(logPath, await output + await error, cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed with {process.ExitCode}; see {logPath}.");
        }
    }

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
