using System.Diagnostics.CodeAnalysis;

namespace ChildForum.Benchmarks.Support;

/// <summary>The start every driver shares: options parsed, or the reason and the usage on standard error (exit code 2);
/// <c>--help</c> prints the usage (exit code 0).</summary>
public static class CommandLine
{
    /// <summary>True with the options when the driver should run; false with the exit code when it should stop.</summary>
    public static bool TryRead<T>(string[] args, Func<string[], T> parse, Func<T, bool> help, string usage, [NotNullWhen(true)] out T? options, out int exitCode)
        where T : class
    {
        try
        {
            options = parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(usage);
            options = null;
            exitCode = 2;
            return false;
        }
        if (help(options))
        {
            Console.WriteLine(usage);
            options = null;
            exitCode = 0;
            return false;
        }
        exitCode = 0;
        return true;
    }

    /// <summary>An option's value as a whole number above 0, or the reason it is not one.</summary>
    public static int Positive(string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"Expected a positive whole number, not '{text}'.");

    /// <summary>An option's value as a whole number of 0 or more, or the reason it is not one.</summary>
    public static int NotNegative(string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"Expected a whole number of 0 or more, not '{text}'.");

    /// <summary>A token that Ctrl+C cancels instead of ending the process, so that a driver stops its servers first.</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return cancel;
    }

    /// <summary>The folder holding ChildForum.sln at or above the first of <paramref name="startingPoints"/> that has one,
    /// or null (the driver was started outside the repository).</summary>
    public static string? RepositoryRoot(params IEnumerable<string> startingPoints)
    {
        foreach (var start in startingPoints)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ChildForum.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }
}

/// <summary>Walks the arguments for an options parser: the current one, and the value that follows it.</summary>
public sealed class ArgumentReader(string[] args)
{
    private int _index = -1;

    public string Current => args[_index];

    public bool MoveNext() => ++_index < args.Length;

    /// <summary>The argument after the current one, which it needs.</summary>
    public string Value() => _index + 1 < args.Length ? args[++_index] : throw new ArgumentException($"{args[_index]} needs a value.");

    /// <summary>What a parser throws for an argument it does not know.</summary>
    public ArgumentException Unknown() => new($"Unknown argument {Current}.");
}
