using ChildForum.Core.Data;
using ChildForum.Core.Localization;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http;
using System.Security.Claims;

namespace ChildForum.Core.Audit;

public interface IAuditLog
{
    /// <summary>Adds an entry to the current unit of work: it is saved by the same <c>SaveChangesAsync</c>
    /// as the change it describes, so the log and the data never disagree. The summary is written with
    /// <c>Notice.T[…]</c>, so that it is read in the reader's language.</summary>
    void Record(string action, NoticeText summary, int? groupId = null, string? targetType = null, string? targetId = null);
}

public sealed class AuditLog(ForumDbContext db, IHttpContextAccessor httpContextAccessor, TimeProvider clock) : IAuditLog
{
    private readonly ForumDbContext _db = db;
    private readonly IHttpContextAccessor _httpContextAccessor = httpContextAccessor;
    private readonly TimeProvider _clock = clock;

    public const int SummaryMaxLength = 1000;

    public void Record(string action, NoticeText summary, int? groupId = null, string? targetType = null, string? targetId = null)
    {
        var user = _httpContextAccessor.HttpContext?.User;
        _db.AuditEntries.Add(new AuditEntry
        {
            At = _clock.GetUtcNow().UtcDateTime,
            ActorId = user?.GetUserId(),
            ActorName = user?.GetUserId() is null ? "system" : user.FindFirstValue(ClaimTypes.Name) ?? "unknown",
            Action = action,
            GroupId = groupId,
            TargetType = targetType,
            TargetId = targetId,
            Summary = StoredText.Shorten(summary.English, SummaryMaxLength),
            Template = summary.Template.Length > SummaryMaxLength ? null : summary.Template,
            Arguments = summary.ArgumentsJson,
        });
    }
}
