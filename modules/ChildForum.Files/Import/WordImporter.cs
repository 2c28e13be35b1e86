using System.Xml;
using ChildForum.Core.Http;
using ChildForum.Files.Inspection;
using ChildForum.Files.Localization;
using ChildForum.Files.Services;
using ChildForum.Files.Storage;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Import;

/// <summary>A Word file turned into a draft's text: the Markdown, the title to use when the caller gave none, and the
/// notes (in the caller's language) on what was left out or changed.</summary>
public sealed record WordImport(string Markdown, string Title, IReadOnlyList<string> Notes);

/// <summary>Reads an uploaded Word file into Markdown. The upload gets the documents' limits and answers (413 with the
/// limit; a name with a path, an empty file, a file that is not a DOCX by content, a zip bomb: 400 naming <c>file</c>):
/// it is staged to a temporary file, inspected by content, converted, and deleted; the file itself is not kept.</summary>
public sealed class WordImporter(IFileStore store, IOptions<FilesOptions> options, IStringLocalizer<FilesResource> t, ILogger<WordImporter> logger)
{
    /// <summary>The longest title a draft may have; a longer one taken from the file is cut.</summary>
    public const int MaxTitleLength = 200;

    public const string NotWord = "Only a Word document (.docx) can be imported as a draft: save the file as .docx in Word or WPS and import that.";
    public const string Unreadable = "The Word file could not be read (it is damaged or not a real .docx): open it in Word or WPS, save it again and import that copy.";
    public const string NoText = "The Word file has no text to import: check that you chose the right file.";
    public const string ImagesLeftOut = "{0} image left out";
    public const string ImagesLeftOutPlural = "{0} images left out";
    public const string CommentsLeftOut = "{0} comment left out";
    public const string CommentsLeftOutPlural = "{0} comments left out";
    public const string ChangesAccepted = "tracked changes accepted";

    public async Task<Outcome<WordImport>> ReadAsync(IFormFileCollection files, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var file = DocumentService.OneFileOf(files, validation);
        if (file is null)
        {
            return Outcome<WordImport>.Invalid(validation);
        }
        if (FileNames.Problem(file.FileName) is { } nameProblem)
        {
            return Outcome<WordImport>.Invalid(DocumentService.FileField, nameProblem);
        }
        var maxBytes = options.Value.MaxBytes;
        await using var source = file.OpenReadStream();
        await using var staged = file.Length > maxBytes ? null : await StagedFile.CopyAsync(source, store.StagingFolder, maxBytes, cancellationToken);
        if (staged is null)
        {
            return Outcome<WordImport>.TooLarge(t[DocumentService.TooLarge, DocumentService.Size(maxBytes)])
                with { Extensions = new Dictionary<string, object?> { ["maxBytes"] = maxBytes } };
        }
        var inspection = await FileInspector.InspectAsync(staged.Path, file.FileName, cancellationToken);
        if (inspection.Type is null)
        {
            return Outcome<WordImport>.Invalid(DocumentService.FileField, inspection.Problem!, inspection.Arguments ?? []);
        }
        if (inspection.Type != FileType.Docx)
        {
            return Outcome<WordImport>.Invalid(DocumentService.FileField, NotWord);
        }
        DocxConversion conversion;
        try
        {
            await using var content = staged.OpenRead();
            conversion = DocxMarkdown.Convert(content);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or InvalidOperationException)
        {
            // The type of failure only: the content is the uploader's and stays out of the log.
            logger.LogInformation("A Word file to import could not be read: {Failure}", e.GetType().Name);
            return Outcome<WordImport>.Invalid(DocumentService.FileField, Unreadable);
        }
        if (string.IsNullOrWhiteSpace(conversion.Markdown))
        {
            return Outcome<WordImport>.Invalid(DocumentService.FileField, NoText);
        }
        var title = conversion.Title ?? (Path.GetFileNameWithoutExtension(file.FileName) is { Length: > 0 } stem ? stem : file.FileName);
        return Outcome<WordImport>.Ok(new WordImport(conversion.Markdown, title.Length > MaxTitleLength ? title[..MaxTitleLength].TrimEnd() : title, Notes(conversion)));
    }

    private List<string> Notes(DocxConversion conversion)
    {
        var notes = new List<string>();
        if (conversion.Images > 0)
        {
            notes.Add(t[conversion.Images == 1 ? ImagesLeftOut : ImagesLeftOutPlural, conversion.Images]);
        }
        if (conversion.Comments > 0)
        {
            notes.Add(t[conversion.Comments == 1 ? CommentsLeftOut : CommentsLeftOutPlural, conversion.Comments]);
        }
        if (conversion.TrackedChanges)
        {
            notes.Add(t[ChangesAccepted]);
        }
        return notes;
    }
}
