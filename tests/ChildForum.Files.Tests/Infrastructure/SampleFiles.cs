using System.IO.Compression;
using System.Text;

namespace ChildForum.Files.Tests.Infrastructure;

/// <summary>Small files of every accepted type, made here, and the bad files the site must refuse.</summary>
public static class SampleFiles
{
    public static byte[] Pdf(string text = "Survey of left-behind children 留守儿童调查") =>
        Encoding.UTF8.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text} {Guid.NewGuid():N}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A 1×1 PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0xFF, 0xD9];

    public static byte[] Docx(string text = "Draft regulation 条例草案") => Zip(
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("word/document.xml", $"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{text} {Guid.NewGuid():N}</w:t></w:r></w:p></w:body></w:document>"));

    public static byte[] Xlsx() => Zip(
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"));

    public static byte[] Odt() => Zip(
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>"));

    /// <summary>A ZIP that is none of the accepted packages.</summary>
    public static byte[] PlainZip() => Zip(("notes.txt", "hello"));

    public static byte[] Text(string text = "Minutes\n会议纪要\n") => Encoding.UTF8.GetBytes(text);

    /// <summary>A DOCX with a part that expands from a few KB to 20 MB (a ratio of about 1000:1).</summary>
    public static byte[] DocxBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", "<Types/>");
            Add(zip, "word/document.xml", "<w:document/>");
            using var part = zip.CreateEntry("word/media/image1.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 20; i++)
            {
                part.Write(zeros);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A DOCX of more parts than any real document has.</summary>
    public static byte[] DocxOfManyParts(int parts)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", "<Types/>");
            Add(zip, "word/document.xml", "<w:document/>");
            for (var i = 0; i < parts; i++)
            {
                zip.CreateEntry($"word/p{i}.xml", CompressionLevel.NoCompression);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                Add(zip, name, content);
            }
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
