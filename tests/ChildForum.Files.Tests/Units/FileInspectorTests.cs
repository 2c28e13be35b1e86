using ChildForum.Files.Inspection;
using ChildForum.Files.Tests.Infrastructure;

namespace ChildForum.Files.Tests.Units;

/// <summary>Types are decided by content: each accepted kind is recognised, and packages are checked for bombs from
/// their central directory.</summary>
public sealed class FileInspectorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("childforum-inspect-").FullName;

    public static TheoryData<string, byte[], string> Accepted => new()
    {
        { "a.pdf", SampleFiles.Pdf(), "application/pdf" },
        { "a.PNG", SampleFiles.Png(), "image/png" },
        { "a.jpeg", SampleFiles.Jpeg(), "image/jpeg" },
        { "a.jpg", SampleFiles.Jpeg(), "image/jpeg" },
        { "a.docx", SampleFiles.Docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "a.xlsx", SampleFiles.Xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "a.odt", SampleFiles.Odt(), "application/vnd.oasis.opendocument.text" },
        { "a.txt", SampleFiles.Text(), "text/plain" },
        { "a.md", SampleFiles.Text("# 标题\n"), "text/markdown" },
        { "a.csv", [0xEF, 0xBB, 0xBF, (byte)'a', (byte)',', (byte)'b'], "text/csv" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task An_accepted_file_gets_its_type_from_its_content(string name, byte[] bytes, string contentType)
    {
        var inspection = await InspectAsync(name, bytes);

        Assert.Equal(contentType, inspection.Type?.ContentType);
        Assert.Null(inspection.Problem);
    }

    [Fact]
    public async Task A_package_of_more_parts_than_any_document_has_is_refused_as_a_bomb()
    {
        var inspection = await InspectAsync("many.docx", SampleFiles.DocxOfManyParts(FileInspector.MaxZipEntries + 1));

        Assert.Equal(FileInspector.Bomb, inspection.Problem);
    }

    [Fact]
    public async Task A_document_just_under_the_part_limit_is_accepted()
    {
        var inspection = await InspectAsync("many.docx", SampleFiles.DocxOfManyParts(FileInspector.MaxZipEntries - 10));

        Assert.Equal(FileType.Docx, inspection.Type);
    }

    [Fact]
    public async Task A_truncated_package_is_not_the_type_its_name_says()
    {
        var docx = SampleFiles.Docx();

        var inspection = await InspectAsync("cut.docx", docx[..(docx.Length / 2)]);

        Assert.Equal(FileInspector.Mismatch, inspection.Problem);
    }

    private async Task<Inspection.Inspection> InspectAsync(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, bytes);
        return await FileInspector.InspectAsync(path, name, CancellationToken.None);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
