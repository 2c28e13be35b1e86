using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Files.Inspection;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Services;

/// <summary>Uploads, versions, lists and deletes documents. Every upload is staged (hashed while copied), inspected by
/// content, and only then stored and recorded, so a refused file leaves nothing behind. The caller has already asked the
/// access rule about the group or the document; this class decides what only it knows (meeting papers are for
/// facilitators, what <c>attachTo</c> names must exist in the group).</summary>
public sealed class DocumentService(
    ForumDbContext db,
    IFileStore store,
    AccessRule rule,
    IEnumerable<IGroupContent> content,
    IAuditLog audit,
    IOptions<FilesOptions> options,
    IStringLocalizer<FilesResource> t,
    TimeProvider clock)
{
    public const string FileField = "file";

    public const string NoFile = "Choose a file to upload (the form field is named file).";
    public const string OneFile = "Send one file per request; this request has {0}.";
    public const string TooLarge = "The file is larger than the limit of {0}: make it smaller or split it, and upload it again.";
    public const string UnknownLanguage = "Give the language as en or zh-Hans, or leave it out.";
    public const string NoSuchTarget = "This group has no {0} with this id: check attachTo.";

    public async Task<IReadOnlyList<DocumentDto>> ListAsync(GroupAccess group, CancellationToken cancellationToken)
    {
        var documents = await db.Set<Document>().Where(d => d.GroupId == group.GroupId && !d.Deleted)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToListAsync(cancellationToken);
        var ids = documents.Select(d => d.Id).ToList();
        var versions = await db.Set<DocumentVersion>().Where(v => ids.Contains(v.DocumentId)).ToListAsync(cancellationToken);
        var current = versions.Where(v => documents.Any(d => d.Id == v.DocumentId && d.CurrentVersion == v.Number)).ToDictionary(v => v.DocumentId);
        return documents.Select(d => ToDto(d, current[d.Id])).ToList();
    }

    public async Task<DocumentDto> GetAsync(Document document, CancellationToken cancellationToken) =>
        ToDto(document, await CurrentVersionAsync(document, cancellationToken));

    public async Task<DocumentContent> OpenAsync(Document document, CancellationToken cancellationToken)
    {
        var version = await CurrentVersionAsync(document, cancellationToken);
        var stream = await store.OpenReadAsync(version.Sha256, cancellationToken);
        return new DocumentContent(stream, version.FileName, version.ContentType, version.Size, version.Sha256);
    }

    /// <summary>A new document in the group's library or attached to <see cref="DocumentFields.AttachTo"/>.</summary>
    public async Task<Outcome<DocumentDto>> UploadAsync(GroupAccess group, ClaimsPrincipal user, DocumentFields fields, IFormFileCollection files, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var title = validation.OptionalText("title", fields.Title, Document.TitleMaxLength);
        var description = validation.OptionalText("description", fields.Description, Document.DescriptionMaxLength);
        var language = Language(fields.Language, validation);
        AttachmentTarget? target = null;
        if (!string.IsNullOrWhiteSpace(fields.AttachTo) && !AttachmentTarget.TryParse(fields.AttachTo.Trim(), out target))
        {
            validation.Add("attachTo", AttachmentTarget.Invalid);
        }
        var file = OneFileOf(files, validation);
        if (!validation.IsValid)
        {
            return Outcome<DocumentDto>.Invalid(validation);
        }
        if (target is not null)
        {
            if (target.Kind == AttachmentTarget.AgendaItem && rule.Check(user, group, GroupPermissions.Facilitate, DocumentAccesses.What) is { Allowed: false } refusal)
            {
                return refusal.ToOutcome<DocumentDto>();
            }
            if (!await ExistsAsync(target, group.GroupId, cancellationToken))
            {
                return Outcome<DocumentDto>.Invalid("attachTo", NoSuchTarget, target.Kind);
            }
        }
        var stored = await StoreAsync(file!, cancellationToken);
        if (!stored.Succeeded)
        {
            return stored.Failure<DocumentDto>();
        }
        var now = Now();
        var version = stored.Value!;
        var document = new Document
        {
            GroupId = group.GroupId,
            Title = title ?? (Path.GetFileNameWithoutExtension(version.FileName) is { Length: > 0 } stem ? stem : version.FileName),
            Description = description,
            Language = language,
            AttachedToKind = target?.Kind,
            AttachedToId = target?.Id,
            UploadedById = user.GetUserId()!,
            CreatedAt = now,
            CurrentVersion = 1,
        };
        version.Number = 1;
        version.UploadedById = document.UploadedById;
        version.CreatedAt = now;
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        db.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        version.DocumentId = document.Id;
        db.Add(version);
        audit.Record("document.upload", $"Uploaded document {document.Id} ({version.Size} bytes, {version.ContentType})", group.GroupId, "document", Id(document));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        return Outcome<DocumentDto>.Created(ToDto(document, version));
    }

    /// <summary>A new current version of the document (the caller may change it: see <see cref="DocumentAccesses.CheckChange"/>).</summary>
    public async Task<Outcome<DocumentDto>> AddVersionAsync(Document document, ClaimsPrincipal user, IFormFileCollection files, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var file = OneFileOf(files, validation);
        if (!validation.IsValid)
        {
            return Outcome<DocumentDto>.Invalid(validation);
        }
        var stored = await StoreAsync(file!, cancellationToken);
        if (!stored.Succeeded)
        {
            return stored.Failure<DocumentDto>();
        }
        var version = stored.Value!;
        version.DocumentId = document.Id;
        version.Number = document.CurrentVersion + 1;
        version.UploadedById = user.GetUserId()!;
        version.CreatedAt = Now();
        document.CurrentVersion = version.Number;
        db.Add(version);
        audit.Record("document.version", $"Added version {version.Number} of document {document.Id} ({version.Size} bytes, {version.ContentType})", document.GroupId, "document", Id(document));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (document, number) index: someone else added a version at the same moment.
            return Outcome<DocumentDto>.Conflict(t["Someone else added a version of this document at the same moment: look at the document again, then upload yours."]);
        }
        return Outcome<DocumentDto>.Created(ToDto(document, version));
    }

    public async Task DeleteAsync(Document document, CancellationToken cancellationToken)
    {
        document.Deleted = true;
        document.DeletedAt = Now();
        audit.Record("document.delete", $"Deleted document {document.Id}", document.GroupId, "document", Id(document));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stages, inspects and stores the file: the new version (without document, number or uploader), or why not.</summary>
    private async Task<Outcome<DocumentVersion>> StoreAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = file.FileName;
        if (FileNames.Problem(name) is { } nameProblem)
        {
            return Outcome<DocumentVersion>.Invalid(FileField, nameProblem);
        }
        var maxBytes = options.Value.MaxBytes;
        if (file.Length > maxBytes)
        {
            return TooLargeOutcome(maxBytes);
        }
        await using var source = file.OpenReadStream();
        await using var staged = await StagedFile.CopyAsync(source, store.StagingFolder, maxBytes, cancellationToken);
        if (staged is null)
        {
            return TooLargeOutcome(maxBytes);
        }
        var inspection = await FileInspector.InspectAsync(staged.Path, name, cancellationToken);
        if (inspection.Type is null)
        {
            return Outcome<DocumentVersion>.Invalid(FileField, inspection.Problem!, inspection.Arguments ?? []);
        }
        await store.PutAsync(staged, cancellationToken);
        return Outcome<DocumentVersion>.Ok(new DocumentVersion
        {
            FileName = name,
            ContentType = inspection.Type.ContentType,
            Size = staged.Length,
            Sha256 = staged.Sha256,
            UploadedById = "",
        });
    }

    /// <summary>Now, to the microsecond that both databases keep, so that an answer and a later read of it agree.</summary>
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    private Outcome<DocumentVersion> TooLargeOutcome(long maxBytes) =>
        Outcome<DocumentVersion>.TooLarge(t[TooLarge, Size(maxBytes)]) with { Extensions = new Dictionary<string, object?> { ["maxBytes"] = maxBytes } };

    /// <summary>"50 MB", or the exact number of bytes when the limit is not a whole number of megabytes.</summary>
    public static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    internal static IFormFile? OneFileOf(IFormFileCollection files, Validation validation)
    {
        if (files.Count > 1)
        {
            validation.Add(FileField, OneFile, files.Count);
            return null;
        }
        if (files.Count == 0 || files[0].Name != FileField)
        {
            validation.Add(FileField, NoFile);
            return null;
        }
        return files[0];
    }

    private static string? Language(string? value, Validation validation)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (string.Equals(trimmed, "en", StringComparison.OrdinalIgnoreCase))
        {
            return "en";
        }
        if (string.Equals(trimmed, "zh-Hans", StringComparison.OrdinalIgnoreCase))
        {
            return "zh-Hans";
        }
        validation.Add("language", UnknownLanguage);
        return null;
    }

    private async Task<bool> ExistsAsync(AttachmentTarget target, int groupId, CancellationToken cancellationToken) =>
        content.FirstOrDefault(c => c.Kind == target.Kind) is { } provider && await provider.TitleAsync(target.Id, groupId, cancellationToken) is not null;

    private Task<DocumentVersion> CurrentVersionAsync(Document document, CancellationToken cancellationToken) =>
        db.Set<DocumentVersion>().SingleAsync(v => v.DocumentId == document.Id && v.Number == document.CurrentVersion, cancellationToken);

    private static string Id(Document document) => document.Id.ToString(CultureInfo.InvariantCulture);

    private static DocumentDto ToDto(Document document, DocumentVersion version) => new(
        document.Id, document.GroupId, document.Title, document.Description, document.Language, version.FileName, version.ContentType,
        version.Size, version.Number,
        document.AttachedToKind is null ? null : new AttachmentTarget(document.AttachedToKind, document.AttachedToId!.Value).ToString(),
        new DateTimeOffset(document.CreatedAt, TimeSpan.Zero), new DateTimeOffset(version.CreatedAt, TimeSpan.Zero),
        $"/api/v1/documents/{document.Id}/content");
}
