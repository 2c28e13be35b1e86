namespace ChildForum.Files.Inspection;

/// <summary>Checks the name a client gives a file. The name is only ever shown and sent back in
/// <c>Content-Disposition</c>; it is refused rather than cleaned, so that what people see is what the uploader named.</summary>
public static class FileNames
{
    /// <summary>Null when the name is acceptable, otherwise the English sentence (a resource key) saying why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return NoName;
        }
        if (name.Length > Models.DocumentVersion.FileNameMaxLength)
        {
            return TooLong;
        }
        if (name.Any(c => char.IsControl(c) || c is '/' or '\\' or ':' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            || name.Trim() is "." or ".." || name != name.Trim())
        {
            return BadCharacters;
        }
        return null;
    }

    /// <summary>The extension in lower case without the dot ("" when there is none).</summary>
    public static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 || dot == name.Length - 1 ? "" : name[(dot + 1)..].ToLowerInvariant();
    }

    public const string NoName = "The file has no name: give it a name that ends in its type, e.g. report.pdf.";
    public const string TooLong = "The file name is longer than 200 characters: rename the file and upload it again.";
    public const string BadCharacters = "The file name contains a path (/ \\ :) or control characters: rename the file and upload it again.";
}
