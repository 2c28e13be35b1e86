using System.IO.Compression;
using System.Text;

namespace ChildForum.Files.Inspection;

/// <summary>An accepted kind of file: the extensions it may be named with and the content type it is served as.</summary>
public sealed record FileType(string Name, string ContentType, params string[] Extensions)
{
    public static readonly FileType Pdf = new("PDF", "application/pdf", "pdf");
    public static readonly FileType Png = new("PNG", "image/png", "png");
    public static readonly FileType Jpeg = new("JPEG", "image/jpeg", "jpg", "jpeg");
    public static readonly FileType Docx = new("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
    public static readonly FileType Xlsx = new("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
    public static readonly FileType Odt = new("OpenDocument text", "application/vnd.oasis.opendocument.text", "odt");
    public static readonly FileType Text = new("text", "text/plain", "txt");
    public static readonly FileType Markdown = new("Markdown", "text/markdown", "md", "markdown");
    public static readonly FileType Csv = new("CSV", "text/csv", "csv");

    public static IReadOnlyList<FileType> All { get; } = [Pdf, Png, Jpeg, Docx, Xlsx, Odt, Text, Markdown, Csv];

    public static FileType? ByExtension(string extension) => All.FirstOrDefault(t => t.Extensions.Contains(extension));

    public bool IsText => ContentType.StartsWith("text/", StringComparison.Ordinal);
}

/// <summary>What an inspection found: the type, or the English sentence (a resource key, with its arguments) that says
/// why the file is refused.</summary>
public sealed record Inspection(FileType? Type, string? Problem = null, object[]? Arguments = null)
{
    public static Inspection Refused(string problem, params object[] arguments) => new(null, problem, arguments);
}

/// <summary>Decides a file's type from its content, never from its name, and then requires the name's extension to
/// agree. ZIP-based formats (DOCX, XLSX, ODT) are told apart by their entries, read from the central directory
/// without expanding anything; a ZIP whose declared sizes could expand into far more data than it holds is refused
/// before any later step (text extraction, import) would expand it.</summary>
public static class FileInspector
{
    /// <summary>The most entries a document package may have (real DOCX/XLSX files have tens to a few hundred).</summary>
    public const int MaxZipEntries = 10_000;

    /// <summary>The most a package may expand to, in all.</summary>
    public const long MaxExpandedBytes = 512L * 1024 * 1024;

    /// <summary>The highest expansion ratio of an entry of more than <see cref="RatioCheckedFromBytes"/> (text compresses
    /// about 10:1, XML up to ~100:1; bombs reach 1000:1 and more).</summary>
    public const long MaxRatio = 200;

    public const long RatioCheckedFromBytes = 1024 * 1024;

    public const string Empty = "The file is empty: choose a file that has content.";
    public const string NotAccepted = "Files named .{0} are not accepted: upload a PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG, JPEG, text (.txt), Markdown (.md) or CSV file.";
    public const string Mismatch = "The file's content is not a {0} file, as its name (.{1}) says: save it again in that format, or rename it to its real type.";
    public const string NotUtf8 = "The file is not plain UTF-8 text (it has binary data or another encoding): save it as UTF-8 text and upload it again.";
    public const string Bomb = "The file is a package that would expand to far more data than it holds (too many parts or too large): save it again in its program and upload that copy.";

    public static async Task<Inspection> InspectAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        var extension = FileNames.Extension(fileName);
        var claimed = FileType.ByExtension(extension);
        if (claimed is null)
        {
            return Inspection.Refused(NotAccepted, extension.Length == 0 ? "?" : extension);
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous);
        if (stream.Length == 0)
        {
            return Inspection.Refused(Empty);
        }
        var head = new byte[8];
        var headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = 0;
        var found = await DetectAsync(stream, head.AsSpan(0, headLength).ToArray(), claimed, cancellationToken);
        if (found.Problem is not null)
        {
            return found;
        }
        return found.Type == claimed ? found : Inspection.Refused(claimed.IsText ? NotUtf8 : Mismatch, claimed.Name, extension);
    }

    private static async Task<Inspection> DetectAsync(Stream stream, byte[] head, FileType claimed, CancellationToken cancellationToken)
    {
        if (head.AsSpan().StartsWith("%PDF-"u8))
        {
            return new(FileType.Pdf);
        }
        if (head.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new(FileType.Png);
        }
        if (head.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return new(FileType.Jpeg);
        }
        if (head.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return await InspectPackageAsync(stream, cancellationToken);
        }
        // Only a file named as text is read as text: any other name has already failed to match its magic bytes.
        if (claimed.IsText && await IsUtf8TextAsync(stream, cancellationToken))
        {
            return new(claimed);
        }
        return new(null);
    }

    private static async Task<Inspection> InspectPackageAsync(Stream stream, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return new(null);
        }
        await using (archive)
        {
            if (archive.Entries.Count > MaxZipEntries)
            {
                return Inspection.Refused(Bomb);
            }
            long expanded = 0;
            foreach (var entry in archive.Entries)
            {
                expanded += entry.Length;
                var ratio = entry.CompressedLength == 0 ? entry.Length : entry.Length / entry.CompressedLength;
                if (expanded > MaxExpandedBytes || (entry.Length > RatioCheckedFromBytes && ratio > MaxRatio))
                {
                    return Inspection.Refused(Bomb);
                }
            }
            if (archive.GetEntry("word/document.xml") is not null && archive.GetEntry("[Content_Types].xml") is not null)
            {
                return new(FileType.Docx);
            }
            if (archive.GetEntry("xl/workbook.xml") is not null && archive.GetEntry("[Content_Types].xml") is not null)
            {
                return new(FileType.Xlsx);
            }
            if (archive.Entries.Count > 0 && archive.Entries[0] is { FullName: "mimetype", Length: < 100 } mimetype)
            {
                await using var content = await mimetype.OpenAsync(cancellationToken);
                using var reader = new StreamReader(content, Encoding.ASCII);
                if ((await reader.ReadToEndAsync(cancellationToken)).Trim() == FileType.Odt.ContentType)
                {
                    return new(FileType.Odt);
                }
            }
            return new(null);
        }
    }

    /// <summary>Valid UTF-8 from start to end (a byte-order mark allowed) and no NUL character.</summary>
    private static async Task<bool> IsUtf8TextAsync(Stream stream, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81_920];
        var chars = new char[bytes.Length + 4];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(bytes, cancellationToken)) > 0)
            {
                if (bytes.AsSpan(0, read).Contains((byte)0))
                {
                    return false;
                }
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
