using ChildForum.Core.Localization;
using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Notifications;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Files.Extraction;
using ChildForum.Files.Inspection;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Search;
using ChildForum.Files.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ChildForum.Files.Services;

/// <summary>Uploads, versions, lists and deletes documents. Every upload is staged (hashed while copied), inspected by
/// content, and only then stored and recorded, so a refused file leaves nothing behind. The caller has already asked the
/// access rule about the group or the document; this class decides what only it knows (meeting papers are for
/// facilitators, what <c>attachTo</c> names must exist in the group and be readable by the caller). The text of each
/// version is taken out of the staged file before anything is committed, and the children's-data guard reads it then:
/// a version with a resident ID number is held back from the first moment (no window in which readers could fetch it),
/// the group's facilitators are told, and one of them releases or deletes it.</summary>
public sealed class DocumentService(
    ForumDbContext db,
    IFileStore store,
    AccessRule rule,
    DocumentAccesses accesses,
    TextExtractor extractor,
    IGroupMembers members,
    Notifier notifier,
    ISearchOutbox search,
    IAuditLog audit,
    PersonalDataGuard guard,
    IOptions<FilesOptions> options,
    IStringLocalizer<FilesResource> t,
    TimeProvider clock)
{
    public const string FileField = "file";

    /// <summary>The form field in which the uploader confirms that a phone number or e-mail address in the title,
    /// description or file name is not a child's.</summary>
    public const string ConfirmField = "confirmPersonalData";

    public const string NoFile = "Choose a file to upload.";
    public const string OneFile = "Send one file per request; this request has {0}.";
    /// <summary>A multipart body that breaks the form limits (too many parts, a header too long) or is malformed.</summary>
    public const string UnreadableForm = "The upload form could not be read: send one file in a multipart/form-data field named file.";

    public const string TooLarge = "The file is larger than the limit of {0}: make it smaller or split it, and upload it again.";
    public const string UnknownLanguage = "Give the language as en or zh-Hans, or leave it out.";
    public const string NoSuchTarget = "This group has no {0} with this id: check attachTo.";

    /// <summary>The group's documents that the caller may read (files on a hidden message or an unpublished agenda are
    /// left out for those who may not see it).</summary>
    public Task<IReadOnlyList<DocumentDto>> ListAsync(GroupAccess group, CancellationToken cancellationToken) =>
        ListAsync(group, null, cancellationToken);

    /// <summary>The group's documents the caller may read that carry <paramref name="tag"/> (exactly as shown).</summary>
    public async Task<IReadOnlyList<DocumentDto>> ListTaggedAsync(GroupAccess group, string tag, CancellationToken cancellationToken) =>
        await ListStoredAsync(group, await Tagged.For(db)(db, group.GroupId, tag).ToListAsync(cancellationToken), cancellationToken);

    /// <summary>The same, only the files attached to <paramref name="target"/> (all of them when null).</summary>
    public async Task<IReadOnlyList<DocumentDto>> ListAsync(GroupAccess group, AttachmentTarget? target, CancellationToken cancellationToken) =>
        await ListStoredAsync(group, await (target is null
            ? OfGroup.For(db)(db, group.GroupId)
            : AttachedTo.For(db)(db, group.GroupId, target.Kind, [target.Id])).ToListAsync(cancellationToken), cancellationToken);

    /// <summary>The files attached to any of these items of one kind (the messages of a thread page), in the same few
    /// queries however many items there are, grouped by item.</summary>
    public async Task<ILookup<int, DocumentDto>> ListAttachedAsync(GroupAccess group, string kind, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var stored = await AttachedTo.For(db)(db, group.GroupId, kind, ids.AsQueryList()).ToListAsync(cancellationToken);
        var documents = await ListStoredAsync(group, stored, cancellationToken);
        return documents.ToLookup(d => AttachmentTarget.TryParse(d.AttachedTo!, out var target) ? target!.Id : 0);
    }

    // The group's documents, newest first, of the group, of some items, or with a tag. The group, thread, draft and meeting
    // pages ask the first two on every request (most often answered with no rows): compiled, EF Core neither rebuilds
    // their expression trees nor computes their cache keys each time.
    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<Document>>> OfGroup = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, Document>(
        (ForumDbContext db, int groupId) => db.Set<Document>().Where(d => d.GroupId == groupId && !d.Deleted).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)));

    private static readonly PerModel<Func<ForumDbContext, int, string, List<int>, IAsyncEnumerable<Document>>> AttachedTo = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, string, List<int>, Document>(
        (ForumDbContext db, int groupId, string kind, List<int> ids) => db.Set<Document>()
            .Where(d => d.GroupId == groupId && !d.Deleted && d.AttachedToKind == kind && ids.Contains(d.AttachedToId!.Value))
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)));

    private static readonly PerModel<Func<ForumDbContext, int, string, IAsyncEnumerable<Document>>> Tagged = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, string, Document>(
        (ForumDbContext db, int groupId, string tag) => db.Set<Document>()
            .Where(d => d.GroupId == groupId && !d.Deleted && db.Set<DocumentTag>().Any(t => t.DocumentId == d.Id && t.Tag == tag))
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)));

    private async Task<IReadOnlyList<DocumentDto>> ListStoredAsync(GroupAccess group, List<Document> stored, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            return []; // an empty list (most items have no files) costs this one query
        }
        var documents = await accesses.ReadableAsync(group, stored, cancellationToken);
        if (documents.Count == 0)
        {
            return [];
        }
        var ids = documents.Select(d => d.Id).ToList();
        // The current version of each, not every version.
        var current = await (from v in db.Set<DocumentVersion>()
                             join d in db.Set<Document>() on new { v.DocumentId, v.Number } equals new { DocumentId = d.Id, Number = d.CurrentVersion }
                             where ids.Contains(v.DocumentId)
                             select v).ToDictionaryAsync(v => v.DocumentId, cancellationToken);
        // A reader who does not facilitate keeps the last released version of a document whose new version is held
        // (rare: only those documents are asked about again).
        var heldIds = current.Values.Where(v => v.Held).Select(v => v.DocumentId).ToList();
        if (heldIds.Count > 0 && !AccessRule.Allows(group, GroupPermissions.Facilitate))
        {
            var released = await db.Set<DocumentVersion>().Where(v => heldIds.Contains(v.DocumentId) && !v.Held).ToListAsync(cancellationToken);
            foreach (var latest in released.GroupBy(v => v.DocumentId).Select(g => g.MaxBy(v => v.Number)!))
            {
                current[latest.DocumentId] = latest;
            }
        }
        var tags = (await db.Set<DocumentTag>().Where(t => ids.Contains(t.DocumentId)).ToListAsync(cancellationToken)).ToLookup(t => t.DocumentId, t => t.Tag);
        return documents.Select(d => ToDto(d, current[d.Id], tags[d.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }

    /// <summary>The versions of the document the caller may read, newest first: all of them for facilitators, the ones
    /// the guard did not hold back for everyone else.</summary>
    public async Task<IReadOnlyList<DocumentVersionDto>> VersionsAsync(DocumentAccess access, CancellationToken cancellationToken)
    {
        var versions = await ReadableVersions(access).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        return versions.Select(v => new DocumentVersionDto(
            v.Number, v.FileName, v.ContentType, v.Size, new DateTimeOffset(v.CreatedAt, TimeSpan.Zero), v.Held,
            $"/api/v1/documents/{access.Document.Id}/versions/{v.Number.ToString(CultureInfo.InvariantCulture)}/content")).ToList();
    }

    /// <summary>The bytes of version <paramref name="number"/>, or null when the document has no such version the caller may read.</summary>
    public async Task<DocumentContent?> OpenVersionAsync(DocumentAccess access, int number, CancellationToken cancellationToken)
    {
        var version = await ReadableVersions(access).SingleOrDefaultAsync(v => v.Number == number, cancellationToken);
        return version is null ? null : await OpenAsync(version, cancellationToken);
    }

    private IQueryable<DocumentVersion> ReadableVersions(DocumentAccess access)
    {
        var document = access.Document;
        var versions = db.Set<DocumentVersion>().AsNoTracking().Where(v => v.DocumentId == document.Id && v.Number <= document.CurrentVersion);
        return AccessRule.Allows(access.Group, GroupPermissions.Facilitate) ? versions : versions.Where(v => !v.Held);
    }

    /// <summary>The version the caller is shown: the current one, or, for a reader who does not facilitate while the
    /// current one is held back, the newest released one (<see cref="DocumentAccesses"/> lets such a reader in only
    /// when there is one).</summary>
    private Task<DocumentVersion> ShownVersionAsync(DocumentAccess access, CancellationToken cancellationToken) =>
        ReadableVersions(access).OrderByDescending(v => v.Number).FirstAsync(cancellationToken);

    /// <summary>Which of the group's <paramref name="documentIds"/> the caller may replace or delete
    /// (<see cref="DocumentAccesses.CheckChange"/>), in one query.</summary>
    public async Task<HashSet<int>> ChangeableAsync(GroupAccess group, ClaimsPrincipal user, IReadOnlyCollection<int> documentIds, CancellationToken cancellationToken)
    {
        var documents = await db.Set<Document>().AsNoTracking()
            .Where(d => d.GroupId == group.GroupId && documentIds.Contains(d.Id)).ToListAsync(cancellationToken);
        return documents.Where(d => accesses.CheckChange(new DocumentAccess(d, group), user).Allowed).Select(d => d.Id).ToHashSet();
    }

    public async Task<DocumentDto> GetAsync(DocumentAccess access, CancellationToken cancellationToken) =>
        ToDto(access.Document, await ShownVersionAsync(access, cancellationToken), await TagsOfAsync(access.Document.Id, cancellationToken));

    public async Task<DocumentContent> OpenAsync(DocumentAccess access, CancellationToken cancellationToken) =>
        await OpenAsync(await ShownVersionAsync(access, cancellationToken), cancellationToken);

    private async Task<DocumentContent> OpenAsync(DocumentVersion version, CancellationToken cancellationToken)
    {
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
        var tags = DocumentTags.Parse(fields.Tags, validation);
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
        var personalData = guard.Check(fields.ConfirmPersonalData,
            new GuardedText("title", title), new GuardedText("description", description), new GuardedText(FileField, file!.FileName));
        if (!personalData.Allowed)
        {
            return personalData.Failure<DocumentDto>();
        }
        if (target is not null)
        {
            if (target.Kind == AttachmentTarget.AgendaItem && rule.Check(user, group, GroupPermissions.Facilitate, DocumentAccesses.What) is { Allowed: false } refusal)
            {
                return refusal.ToOutcome<DocumentDto>();
            }
            if (!await accesses.TargetReadableAsync(group, target, cancellationToken))
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
        var (version, text) = stored.Value!;
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
        db.AddRange(tags.Select(tag => new DocumentTag { DocumentId = document.Id, Tag = tag }));
        audit.Record("document.upload", Notice.T["Uploaded document {0} ({1} bytes, {2})", document.Id, version.Size, version.ContentType], group.GroupId, "document", Id(document));
        await db.SaveChangesAsync(cancellationToken);
        var told = (await RecordTextAsync(document, version, text, cancellationToken))
            .Union(await RecordConfirmedPersonalDataAsync(personalData, document, cancellationToken)).ToList();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<DocumentDto>.Created(ToDto(document, version, tags.Order(StringComparer.Ordinal).ToList()));
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
        var (version, text) = stored.Value!;
        version.DocumentId = document.Id;
        version.Number = document.CurrentVersion + 1;
        version.UploadedById = user.GetUserId()!;
        version.CreatedAt = Now();
        document.CurrentVersion = version.Number;
        db.Add(version);
        audit.Record("document.version", Notice.T["Added version {0} of document {1} ({2} bytes, {3})", version.Number, document.Id, version.Size, version.ContentType], document.GroupId, "document", Id(document));
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (document, number) index: someone else added a version at the same moment.
            return Outcome<DocumentDto>.Conflict(t["Someone else added a version of this document at the same moment: look at the document again, then upload yours."]);
        }
        var told = await RecordTextAsync(document, version, text, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<DocumentDto>.Created(ToDto(document, version, await TagsOfAsync(document.Id, cancellationToken)));
    }

    public async Task DeleteAsync(Document document, CancellationToken cancellationToken)
    {
        document.Deleted = true;
        document.DeletedAt = Now();
        audit.Record("document.delete", Notice.T["Deleted document {0}", document.Id], document.GroupId, "document", Id(document));
        search.Changed(DocumentSearchSource.Parent(document.Id));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Releases the document's current version that the guard held back (a facilitator decided it holds no
    /// child's data): readers see it and search finds it from now on. 409 when it is not held.</summary>
    public async Task<Outcome<DocumentDto>> ReleaseAsync(Document document, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var version = await CurrentVersionAsync(document, cancellationToken);
        if (!version.Held)
        {
            return Outcome<DocumentDto>.Conflict(t[NotHeld]);
        }
        version.Held = false;
        version.ReleasedById = user.GetUserId();
        version.ReleasedAt = Now();
        audit.Record("document.release", Notice.T["Released version {0} of document {1}, held back by the children's-data guard", version.Number, document.Id], document.GroupId, "document", Id(document));
        search.Changed(DocumentSearchSource.Parent(document.Id));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<DocumentDto>.Ok(ToDto(document, version, await TagsOfAsync(document.Id, cancellationToken)));
    }

    public const string NotHeld = "This document is not held back: there is nothing to release.";

    /// <summary>Saves the version's text, holds the version back when the guard finds a resident ID number in it (and
    /// tells the group's facilitators), and queues the document for search, in the upload's unit of work. Returns who
    /// was told (their counts are pushed after commit).</summary>
    private async Task<IReadOnlyList<string>> RecordTextAsync(Document document, DocumentVersion version, ExtractedText text, CancellationToken cancellationToken)
    {
        if (text.Text.Length > 0)
        {
            db.Add(new DocumentVersionText { VersionId = version.Id, Text = text.Text, Truncated = text.Truncated });
        }
        search.Changed(DocumentSearchSource.Parent(document.Id));
        if (!PersonalDataScanner.Scan(text.Text).HasIdNumber)
        {
            return [];
        }
        version.Held = true;
        audit.Record("document.held", Notice.T["Held back version {0} of document {1}: the children's-data guard found a resident ID number in its text", version.Number, document.Id], document.GroupId, "document", Id(document));
        var facilitators = (await members.GetMembersAsync(document.GroupId, cancellationToken))
            .Where(m => m.Role == GroupRole.Facilitator).Select(m => m.UserId).ToList();
        foreach (var facilitator in facilitators)
        {
            notifier.Add(facilitator, "personal-data", Notice.T["Held back: document '{0}' contains what looks like a resident ID number. Release it or delete it.", document.Title],
                $"/api/v1/documents/{document.Id}");
        }
        return facilitators;
    }

    /// <summary>When the uploader confirmed a phone number or e-mail address in the title, description or file name: a notification
    /// to each other facilitator of the group and an audit entry, in the upload's unit of work. Returns who was told.</summary>
    private async Task<IReadOnlyList<string>> RecordConfirmedPersonalDataAsync(GuardResult result, Document document, CancellationToken cancellationToken)
    {
        if (!result.NeedsFlag)
        {
            return [];
        }
        audit.Record("document.personal-data-confirmed", Notice.T["Confirmed a phone number or e-mail address in the title, description or file name of document {0} as not a child's", document.Id],
            document.GroupId, "document", Id(document));
        var facilitators = (await members.GetMembersAsync(document.GroupId, cancellationToken))
            .Where(m => m.Role == GroupRole.Facilitator && m.UserId != document.UploadedById).Select(m => m.UserId).ToList();
        foreach (var facilitator in facilitators)
        {
            notifier.Add(facilitator, "personal-data", Notice.T["Confirmed as not a child's: a phone number or e-mail address in the title, description or file name of document '{0}'", document.Title],
                $"/api/v1/documents/{document.Id}");
        }
        return facilitators;
    }

    /// <summary>Stages, inspects and stores the file: the new version (without document, number or uploader), or why not.</summary>
    private async Task<Outcome<(DocumentVersion Version, ExtractedText Text)>> StoreAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = file.FileName;
        if (FileNames.Problem(name) is { } nameProblem)
        {
            return Outcome<(DocumentVersion, ExtractedText)>.Invalid(FileField, nameProblem);
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
            return Outcome<(DocumentVersion, ExtractedText)>.Invalid(FileField, inspection.Problem!, inspection.Arguments ?? []);
        }
        var text = extractor.Extract(staged.Path, inspection.Type, cancellationToken);
        await store.PutAsync(staged, cancellationToken);
        return Outcome<(DocumentVersion, ExtractedText)>.Ok((new DocumentVersion
        {
            FileName = name,
            ContentType = inspection.Type.ContentType,
            Size = staged.Length,
            Sha256 = staged.Sha256,
            UploadedById = "",
        }, text));
    }

    /// <summary>Now, to the microsecond that both databases keep, so that an answer and a later read of it agree.</summary>
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    private Outcome<(DocumentVersion, ExtractedText)> TooLargeOutcome(long maxBytes) =>
        Outcome<(DocumentVersion, ExtractedText)>.TooLarge(t[TooLarge, Size(maxBytes)]) with { Extensions = new Dictionary<string, object?> { ["maxBytes"] = maxBytes } };

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

    private Task<DocumentVersion> CurrentVersionAsync(Document document, CancellationToken cancellationToken) =>
        db.Set<DocumentVersion>().SingleAsync(v => v.DocumentId == document.Id && v.Number == document.CurrentVersion, cancellationToken);

    private static string Id(Document document) => document.Id.ToString(CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<string>> TagsOfAsync(int documentId, CancellationToken cancellationToken) =>
        (await db.Set<DocumentTag>().Where(t => t.DocumentId == documentId).Select(t => t.Tag).ToListAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList();

    private static DocumentDto ToDto(Document document, DocumentVersion version, IReadOnlyList<string> tags) => new(
        document.Id, document.GroupId, document.Title, document.Description, document.Language, version.FileName, version.ContentType,
        version.Size, version.Number,
        document.AttachedToKind is null ? null : new AttachmentTarget(document.AttachedToKind, document.AttachedToId!.Value).ToString(),
        new DateTimeOffset(document.CreatedAt, TimeSpan.Zero), new DateTimeOffset(version.CreatedAt, TimeSpan.Zero),
        $"/api/v1/documents/{document.Id}/content", version.Held, tags);
}
