using ChildForum.Core.Security;

namespace ChildForum.Files.Areas.Files.Pages.Shared;

/// <summary>The upload form: into the group's library (<paramref name="AttachTo"/> null) or attached to a thing
/// (<c>agenda-item:12</c>), returning to <paramref name="ReturnUrl"/> afterwards.</summary>
public sealed record UploadFormModel(GroupAccess Group, string? AttachTo, string ReturnUrl, string Heading)
{
    /// <summary>A prefix for the form's element ids, unique on a page with several forms.</summary>
    public string IdPrefix => "upload-" + (AttachTo ?? "library").Replace(':', '-');
}
