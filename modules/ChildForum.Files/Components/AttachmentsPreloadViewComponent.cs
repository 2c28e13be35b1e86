using ChildForum.Core.Security;
using ChildForum.Files.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Files.Components;

/// <summary>Loads the files of every item a page is about to show (<c>Component.InvokeAsync("AttachmentsPreload", new {
/// group, kind = "message", ids })</c>), so that each item's <see cref="AttachmentsViewComponent"/> reads them without a
/// query of its own. Renders nothing.</summary>
public sealed class AttachmentsPreloadViewComponent(AttachmentLists lists) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group, string kind, IEnumerable<long> ids)
    {
        await lists.PreloadAsync(group, kind, ids.Where(id => id is > 0 and <= int.MaxValue).Select(id => (int)id).ToList(), HttpContext.RequestAborted);
        return Content("");
    }
}
