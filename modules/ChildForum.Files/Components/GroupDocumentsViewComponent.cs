using ChildForum.Core.Security;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Files.Components;

/// <summary>The group page's "Documents" section: the newest documents, a link to all of them and to the upload form.</summary>
public sealed class GroupDocumentsViewComponent(DocumentService documents) : ViewComponent
{
    public const int Shown = 5;

    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group)
    {
        var all = await documents.ListAsync(group, HttpContext.RequestAborted);
        return View("/Areas/Files/Pages/Shared/_GroupDocuments.cshtml", new GroupDocumentsModel(group, all.Take(Shown).ToList(), all.Count));
    }
}

public sealed record GroupDocumentsModel(GroupAccess Group, IReadOnlyList<DocumentDto> Newest, int Total);
