namespace ChildForum.Benchmarks.Support;

/// <summary>How a driver hands over its report: on standard output after a blank line, and to the file of
/// <c>--markdown</c> when one was named.</summary>
public static class MarkdownOutput
{
    public static async Task WriteAsync(string markdown, string? path)
    {
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (path is not null)
        {
            await File.WriteAllTextAsync(path, markdown);
            Console.WriteLine($"Written to {path}");
        }
    }
}
