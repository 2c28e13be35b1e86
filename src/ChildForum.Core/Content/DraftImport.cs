using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Security;

namespace ChildForum.Core.Content;

/// <summary>A draft made from an imported text: the same members as the drafts API's answer to creating a draft.</summary>
public sealed record ImportedDraft(int Id, int GroupId, string Title, string Status, int Version, string Language, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A version made from an imported text: the same members as the drafts API's answer to a new version.</summary>
public sealed record ImportedVersion(int Version, int DraftId, string Note, DateTimeOffset CreatedAt);

/// <summary>Where a text converted from a file (a Word document) becomes a policy draft or a new version of one. The
/// drafts module implements it with its own service, so that who may create, the children's-data guard, versioning and
/// paragraph anchors are exactly those of drafts written on the site; the files module only turns the file into
/// Markdown. Refusals name <c>file</c> where the problem is in the file's text.</summary>
public interface IDraftImportTarget
{
    /// <summary>Whether the caller may create a draft in the group (asked before the file is read).</summary>
    Task<AccessDecision> CheckCreateAsync(ClaimsPrincipal user, string groupIdOrSlug, CancellationToken cancellationToken);

    /// <summary>Whether the caller may add a version to the draft (asked before the file is read); a draft the caller
    /// may not read is refused as a missing one.</summary>
    Task<AccessDecision> CheckNewVersionAsync(ClaimsPrincipal user, int draftId, CancellationToken cancellationToken);

    /// <summary>A new draft in the group the caller was allowed by <see cref="CheckCreateAsync"/>.</summary>
    Task<Outcome<ImportedDraft>> CreateDraftAsync(GroupAccess group, ClaimsPrincipal user, string title, string markdown, bool confirmPersonalData, CancellationToken cancellationToken);

    /// <summary>The draft's next version (access is checked again).</summary>
    Task<Outcome<ImportedVersion>> AddVersionAsync(ClaimsPrincipal user, int draftId, string markdown, string? note, bool confirmPersonalData, CancellationToken cancellationToken);
}
