namespace ChildForum.Files.Models;

/// <summary>A document as the API answers it (../shared/API.md "Files"); <see cref="Url"/> downloads its current version.</summary>
public sealed record DocumentDto(
    int Id, int GroupId, string Title, string? Description, string? Language, string FileName, string ContentType, long Size,
    int Version, string? AttachedTo, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

/// <summary>What an upload form carries besides the file (all optional).</summary>
public sealed record DocumentFields(string? Title, string? Description, string? Language, string? AttachTo);

/// <summary>The bytes of a document's current version, to be sent as a download.</summary>
public sealed record DocumentContent(Stream Content, string FileName, string ContentType, long Size, string Sha256);
