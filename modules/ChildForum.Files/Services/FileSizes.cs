using System.Globalization;

namespace ChildForum.Files.Services;

/// <summary>A file's size for people: 812 B, 34 KB, 2.5 MB (in the current culture's digits and decimal mark).</summary>
public static class FileSizes
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => string.Format(CultureInfo.CurrentCulture, "{0} B", bytes),
        < 1024 * 1024 => string.Format(CultureInfo.CurrentCulture, "{0:0} KB", bytes / 1024.0),
        < 1024L * 1024 * 1024 => string.Format(CultureInfo.CurrentCulture, "{0:0.#} MB", bytes / (1024.0 * 1024)),
        _ => string.Format(CultureInfo.CurrentCulture, "{0:0.#} GB", bytes / (1024.0 * 1024 * 1024)),
    };
}
