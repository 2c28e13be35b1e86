using ChildForum.Core.Security;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Files.Components;

/// <summary>The files attached to one thing (an agenda item's meeting papers, a draft's annexes, a message's files), for
/// another module's page to show by name (<c>Component.InvokeAsync("Attachments", …)</c>) without referencing this one;
/// with the upload form when <c>mayUpload</c>. A page of many items invokes <see cref="AttachmentsPreloadViewComponent"/>
/// first, so that the lists come from one load.</summary>
public sealed class AttachmentsViewComponent(AttachmentLists lists) : ViewComponent
{
    /// <param name="attachTo">What the files belong to, as the API names it: <c>agenda-item:12</c>, <c>draft:3</c>, <c>message:40</c>.</param>
    /// <param name="returnUrl">The page to come back to after an upload without script.</param>
    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group, string attachTo, bool mayUpload, string returnUrl, string heading)
    {
        IReadOnlyList<DocumentDto> attached = AttachmentTarget.TryParse(attachTo, out var target)
            ? await lists.ListAsync(group, target!, HttpContext.RequestAborted)
            : [];
        return View("/Areas/Files/Pages/Shared/_Attachments.cshtml", new AttachmentsModel(group, attachTo, attached, mayUpload, returnUrl, heading));
    }
}

public sealed record AttachmentsModel(GroupAccess Group, string AttachTo, IReadOnlyList<DocumentDto> Documents, bool MayUpload, string ReturnUrl, string Heading);
