using ChildForum.Core.Security;
using ChildForum.Files.Localization;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Files.Areas.Files.Pages;

/// <summary>A working group's documents: its library and the files attached to its messages, meeting papers and drafts,
/// newest first, with the upload form (several files at once with script, one at a time without) and delete buttons for
/// the uploader and facilitators.</summary>
[AllowAnonymous]
public sealed class LibraryModel(AccessRule rule, DocumentAccesses accesses, DocumentService documents, IStringLocalizer<FilesResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    /// <summary>Only the documents with this tag (<c>?tag=</c>), when given.</summary>
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }

    public GroupAccess Group { get; private set; } = null!;
    public IReadOnlyList<DocumentDto> Documents { get; private set; } = [];

    /// <summary>The documents this person may delete (their own uploads; all of them for facilitators).</summary>
    public HashSet<int> Deletable { get; private set; } = [];

    public Shared.UploadFormModel UploadForm => new(Group, null, $"/groups/{Group.Slug}/documents", t["Add documents to the library"]);

    public bool MayUpload => AccessRule.Allows(Group, GroupPermissions.Contribute);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var decision = await rule.CheckAsync(User, Slug, GroupPermissions.Read, cancellationToken);
        if (!decision.Allowed)
        {
            return NotFound();
        }
        Group = decision.Group;
        Tag = string.IsNullOrWhiteSpace(Tag) ? null : Tag.Trim();
        Documents = Tag is null ? await documents.ListAsync(Group, cancellationToken) : await documents.ListTaggedAsync(Group, Tag, cancellationToken);
        Deletable = await documents.ChangeableAsync(Group, User, Documents.Select(d => d.Id).ToList(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var (_, access) = await accesses.CheckAsync(id, User, GroupPermissions.Read, cancellationToken);
        if (access is null || access.Group.Slug != Slug)
        {
            return NotFound();
        }
        if (!accesses.CheckChange(access, User).Allowed)
        {
            return Forbid();
        }
        await documents.DeleteAsync(access.Document, cancellationToken);
        TempData["StatusMessage"] = t["“{0}” was deleted.", access.Document.Title].Value;
        return RedirectToPage();
    }

    /// <summary>A facilitator releases a file the children's-data guard held back (after checking it holds no child's data).</summary>
    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken cancellationToken)
    {
        var (_, access) = await accesses.CheckAsync(id, User, GroupPermissions.Read, cancellationToken);
        if (access is null || access.Group.Slug != Slug)
        {
            return NotFound();
        }
        if (!rule.Check(User, access.Group, GroupPermissions.Facilitate, DocumentAccesses.What).Allowed)
        {
            return Forbid();
        }
        var outcome = await documents.ReleaseAsync(access.Document, User, cancellationToken);
        TempData["StatusMessage"] = outcome.Succeeded ? t["“{0}” is released: members can read it now.", access.Document.Title].Value : outcome.Describe(t);
        return RedirectToPage();
    }

    public bool Facilitates => AccessRule.Allows(Group, GroupPermissions.Facilitate);

    /// <summary>What a document is attached to, in words.</summary>
    public string AttachedLabel(string? attachedTo) => attachedTo?.Split(':')[0] switch
    {
        null => t["Library"],
        AttachmentTarget.Message => t["A message"],
        AttachmentTarget.AgendaItem => t["Meeting papers"],
        AttachmentTarget.Draft => t["A policy draft"],
        _ => t["Library"],
    };
}
