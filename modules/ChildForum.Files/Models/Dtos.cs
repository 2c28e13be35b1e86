namespace ChildForum.Files.Models;

/// <summary>A document as the API answers it (../shared/API.md "Files"); <see cref="Url"/> downloads its current version.
/// <see cref="Held"/> (an extension, docs/api-extensions.md): the children's-data guard holds the current version back,
/// so only the group's facilitators see the document until one of them releases or deletes it. <see cref="Tags"/> (an
/// extension): the document's tags, sorted.</summary>
public sealed record DocumentDto(
    int Id, int GroupId, string Title, string? Description, string? Language, string FileName, string ContentType, long Size,
    int Version, string? AttachedTo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url, bool Held, IReadOnlyList<string> Tags);

/// <summary>What an upload form carries besides the file (all optional). <see cref="Tags"/>: comma separated.
/// <see cref="ConfirmPersonalData"/>: the uploader confirms that a phone number or e-mail address in the title, description
/// or file name is not a child's.</summary>
public sealed record DocumentFields(string? Title, string? Description, string? Language, string? AttachTo, string? Tags = null, bool ConfirmPersonalData = false);

/// <summary>The bytes of a document's current version, to be sent as a download.</summary>
public sealed record DocumentContent(Stream Content, string FileName, string ContentType, long Size, string Sha256);

/// <summary>One version of a document as <c>GET /api/v1/documents/{id}/versions</c> answers it (an extension,
/// docs/api-extensions.md); <see cref="Url"/> downloads it.</summary>
public sealed record DocumentVersionDto(int Version, string FileName, string ContentType, long Size, DateTimeOffset CreatedAt, bool Held, string Url);
