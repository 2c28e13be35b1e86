namespace ChildForum.Files.Models;

/// <summary>A file of a working group: in its library, or attached to a message, an agenda item (a meeting paper) or a
/// policy draft (an annex). Its content is the current <see cref="DocumentVersion"/>; earlier versions are kept.</summary>
public sealed class Document
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 2_000;

    public int Id { get; set; }
    public int GroupId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }

    /// <summary>The language of the document's text (<c>en</c>, <c>zh-Hans</c>), when the uploader says.</summary>
    public string? Language { get; set; }

    /// <summary>What the document belongs to (<c>message</c>, <c>agenda-item</c>, <c>draft</c>); null: the group's library.</summary>
    public string? AttachedToKind { get; set; }
    public int? AttachedToId { get; set; }

    public required string UploadedById { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The number of the current version (1 for a new document).</summary>
    public int CurrentVersion { get; set; }

    /// <summary>Deleted documents answer 404; their rows stay for the audit log.</summary>
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}

/// <summary>One upload of a document's file. The bytes live in the file store under <see cref="Sha256"/>, so two
/// uploads of the same bytes share one stored copy.</summary>
public sealed class DocumentVersion
{
    public const int FileNameMaxLength = 200;

    public int Id { get; set; }
    public int DocumentId { get; set; }
    public int Number { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content: its address in the file store.</summary>
    public required string Sha256 { get; set; }
    public required string UploadedById { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Held back by the children's-data guard (a resident ID number in its text): only the group's facilitators
    /// see the document while this is its current version, until one of them releases or deletes it.</summary>
    public bool Held { get; set; }
    public string? ReleasedById { get; set; }
    public DateTime? ReleasedAt { get; set; }
}

/// <summary>The text taken out of a version's file at upload (PDF pages separated by <c>\f</c>), at most
/// <see cref="Extraction.TextExtractor.MaxChars"/> characters. A table of its own, so that loading versions for a list
/// never loads their text; only search reads it. No row: the file has no text (images, ODT, a file that could not be parsed).</summary>
public sealed class DocumentVersionText
{
    public int VersionId { get; set; }
    public required string Text { get; set; }

    /// <summary>The file had more text than <see cref="Text"/> keeps.</summary>
    public bool Truncated { get; set; }
}

/// <summary>One tag of a document (a short label given at upload: "survey", "2026", "调查"), one row per tag so that the
/// library can be filtered by one.</summary>
public sealed class DocumentTag
{
    public const int MaxLength = 40;
    public const int MaxCount = 10;

    public int DocumentId { get; set; }
    public required string Tag { get; set; }
}
