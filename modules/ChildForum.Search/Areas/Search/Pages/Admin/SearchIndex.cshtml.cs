using ChildForum.Core.Data;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Search.Endpoints;
using ChildForum.Search.Indexing;
using ChildForum.Search.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Search.Areas.Search.Pages.Admin;

/// <summary>Administrators: the index's size, waiting and failing outbox rows, and a rebuild with its progress.</summary>
[Authorize(Policy = ForumPolicies.Administrator)]
public sealed class SearchIndexModel(ISearchBackend backend, RebuildProgress progress, ForumDbContext db, IServiceProvider services, IStringLocalizer<SearchResource> t) : PageModel
{
    public long Documents { get; private set; }
    public long Failing { get; private set; }
    public string? LastError { get; private set; }
    public RebuildStatusDto Status { get; private set; } = null!;
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Documents = await backend.CountAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            Problem = t["The search backend does not answer: {0}", e.Message];
        }
        Status = await SearchEndpoints.StatusAsync(progress, db, cancellationToken);
        Failing = await db.Set<SearchOutboxEntry>().LongCountAsync(e => e.Attempts > 0, cancellationToken);
        LastError = await db.Set<SearchOutboxEntry>().Where(e => e.LastError != null).OrderByDescending(e => e.Id).Select(e => e.LastError).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRebuildAsync(CancellationToken cancellationToken)
    {
        var total = await progress.StartAsync(services, backend, cancellationToken);
        TempData["StatusMessage"] = t["Rebuilding the search index: {0} items to index.", total].Value;
        return RedirectToPage();
    }
}
