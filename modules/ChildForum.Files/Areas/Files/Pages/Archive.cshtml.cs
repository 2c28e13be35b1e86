using ChildForum.Core.Security;
using ChildForum.Files.Archives;
using ChildForum.Files.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Files.Areas.Files.Pages;

/// <summary>A group's archive for its facilitators (administrators included): a button that queues a new one through
/// <see cref="ArchiveService"/> (a form post, so it works without script), and the recent archives with their status,
/// progress and, once done, the download link. With script the page follows the unfinished ones through the archive API;
/// without, a refresh link does.</summary>
[Authorize]
public sealed class ArchiveModel(AccessRule rule, ArchiveService archives, IStringLocalizer<FilesResource> t) : PageModel
{
    /// <summary>How many archives the page lists.</summary>
    public const int Shown = 10;

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    public GroupAccess Group { get; private set; } = null!;
    public IReadOnlyList<Archive> Recent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        Recent = await archives.RecentAsync(Group, Shown, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        await archives.RequestAsync(Group, User, cancellationToken);
        TempData["StatusMessage"] = t["The archive is being built. It appears below; its download link follows when it is ready."].Value;
        return RedirectToPage();
    }

    /// <summary>The status of an archive in words.</summary>
    public string StatusText(Archive archive) => archive.Status switch
    {
        ArchiveStatuses.Queued => t["Waiting to be built"],
        ArchiveStatuses.Running => t["Being built: {0}%", archive.Progress],
        ArchiveStatuses.Done => t["Ready"],
        _ => t["Failed: ask for a new one. If it fails again, tell the site's administrators."],
    };

    public static bool Unfinished(Archive archive) => archive.Status is ArchiveStatuses.Queued or ArchiveStatuses.Running;

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var decision = Slug.Length > 64 ? null : await rule.CheckAsync(User, Slug, GroupPermissions.Facilitate, cancellationToken);
        if (decision is null || decision.Refusal == AccessRefusal.NotFound)
        {
            return NotFound();
        }
        if (!decision.Allowed)
        {
            return Forbid();
        }
        Group = decision.Group;
        return null;
    }
}
