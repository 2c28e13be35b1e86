using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChildForum.Benchmarks.Support;

/// <summary>Publishes src/ChildForum.Web in Release as the Dockerfile does (ReadyToRun for this machine's runtime): the
/// form that is deployed, with the static assets of the theme and modules laid out under wwwroot as Production serves
/// them. The benchmarks measure this rather than the build output, whose code the JIT is still compiling for minutes.</summary>
public static class SitePublish
{
    public static async Task<string> PublishAsync(string repositoryRoot, string outputDir, string logPath, CancellationToken cancellationToken)
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
        return Path.Combine(outputDir, "ChildForum.Web.dll");
    }
}
