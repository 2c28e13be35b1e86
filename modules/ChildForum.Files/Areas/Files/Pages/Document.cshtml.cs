using ChildForum.Core.Security;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Files.Areas.Files.Pages;

/// <summary>One document: its title, description, language and what it belongs to, every version the reader may read
/// with a download link each, and the form for a new version for those who may change it (with script the file goes to
/// the API with progress; without, to <see cref="NewVersionModel"/>). A reader who does not facilitate sees the last
/// released version while the guard holds a newer one back.</summary>
[AllowAnonymous]
public sealed class DocumentModel(DocumentAccesses accesses, DocumentService documents, IStringLocalizer<FilesResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public DocumentAccess Access { get; private set; } = null!;
    public DocumentDto Document { get; private set; } = null!;
    public IReadOnlyList<DocumentVersionDto> Versions { get; private set; } = [];

    /// <summary>The caller may upload a new version or delete the document (its uploader, or a facilitator).</summary>
    public bool MayChange { get; private set; }

    public GroupAccess Group => Access.Group;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (decision, access) = await accesses.CheckAsync(Id, User, GroupPermissions.Read, cancellationToken);
        if (access is null || !string.Equals(access.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return access is null && decision.Refusal != AccessRefusal.NotFound ? Forbid() : NotFound();
        }
        Access = access;
        Document = await documents.GetAsync(access, cancellationToken);
        Versions = await documents.VersionsAsync(access, cancellationToken);
        MayChange = accesses.CheckChange(access, User).Allowed;
        return Page();
    }

    public bool Facilitates => AccessRule.Allows(Group, GroupPermissions.Facilitate);

    public string LanguageLabel => Document.Language switch
    {
        "en" => t["English"],
        "zh-Hans" => t["Simplified Chinese"],
        _ => t["Not given"],
    };

    /// <summary>What the document belongs to, in words (as on the documents page).</summary>
    public string AttachedLabel => Document.AttachedTo?.Split(':')[0] switch
    {
        AttachmentTarget.Message => t["A message"],
        AttachmentTarget.AgendaItem => t["Meeting papers"],
        AttachmentTarget.Draft => t["A policy draft"],
        _ => t["Library"],
    };
}
