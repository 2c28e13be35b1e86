using System.Globalization;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Localization;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Areas.Core.Pages.Admin;

/// <summary>The audit log for administrators, newest first, filtered by action, group, person and dates.</summary>
[Authorize(Policy = ForumPolicies.Administrator)]
public sealed class AuditModel(ForumDbContext db, IGroupAccessResolver groups, IStringLocalizer<CoreResource> t, NoticeTexts texts, IEnumerable<AuditActionLabel> labels) : PageModel
{
    private readonly Dictionary<string, NoticeText> _labels = labels.ToDictionary(l => l.Action, l => l.Label, StringComparer.Ordinal);

    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public int? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyDictionary<int, string> GroupNames { get; private set; } = new Dictionary<int, string>();
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Messages for filters that cannot be used, by field id (<c>from</c>, <c>to</c>, <c>group</c>).</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CheckFilters();
        Actions = await db.AuditEntries.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        GroupNames = (await groups.GetReadableAsync(User, cancellationToken)).ToDictionary(g => g.GroupId, g => g.Name);

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action))
        {
            query = query.Where(e => e.Action == Action);
        }
        if (Group is { } groupId)
        {
            query = query.Where(e => e.GroupId == groupId);
        }
        if (!string.IsNullOrWhiteSpace(Actor))
        {
            var actor = Actor.Trim().ToUpperInvariant();
            query = query.Where(e => e.ActorName.ToUpper().Contains(actor));
        }
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At >= start);
        }
        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At < end);
        }
        Total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await query.OrderByDescending(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>A filter that cannot be read is left out of the query, and said so next to its field.</summary>
    private void CheckFilters()
    {
        if (Invalid(nameof(From)))
        {
            FieldErrors["from"] = t["Enter a date such as 2026-03-01."];
        }
        if (Invalid(nameof(To)))
        {
            FieldErrors["to"] = t["Enter a date such as 2026-03-01."];
        }
        else if (From is { } from && To is { } to && to < from)
        {
            FieldErrors["to"] = t["The end date is before the start date."];
        }
        if (Invalid(nameof(Group)))
        {
            FieldErrors["group"] = t["Choose a group from the list."];
        }
    }

    private bool Invalid(string property) => ModelState.TryGetValue(property, out var entry) && entry.Errors.Count > 0;

    /// <summary>What happened, in the page's language (entries written before templates were kept: their English text).</summary>
    public string Summary(AuditEntry entry) => texts.Show(entry.Template, entry.Arguments, entry.Summary);

    /// <summary>What the action is called in the page's language; its code when no module names it.</summary>
    public string ActionName(string action) => _labels.TryGetValue(action, out var label) ? texts.Show(label) : action;

    public string PageUrl(int page) =>
        Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["action"] = Action,
            ["group"] = Group?.ToString(CultureInfo.InvariantCulture),
            ["actor"] = Actor,
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["p"] = page.ToString(CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
