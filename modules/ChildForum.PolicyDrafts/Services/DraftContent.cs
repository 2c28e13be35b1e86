using System.Globalization;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>Lets other modules link to a draft (agenda items) and attach things to it (annexes).</summary>
public sealed class DraftContent(ForumDbContext db) : IGroupContent
{
    public string Kind => "draft";

    public Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken) =>
        db.Set<PolicyDraft>().Where(d => d.Id == id && d.GroupId == groupId).Select(d => d.Title).SingleOrDefaultAsync(cancellationToken);

    public string Url(string groupSlug, int id) => $"/groups/{groupSlug}/drafts/{id}";

    /// <summary>Every draft of the group, in every state (withdrawn ones included), is read by the group's readers, as
    /// the drafts API answers them.</summary>
    public async Task<IReadOnlyDictionary<int, ContentAudience>> AudiencesAsync(IReadOnlyCollection<int> ids, int groupId, CancellationToken cancellationToken)
    {
        var found = await db.Set<PolicyDraft>().Where(d => ids.Contains(d.Id) && d.GroupId == groupId).Select(d => d.Id).ToListAsync(cancellationToken);
        return ids.Distinct().ToDictionary(id => id, id => found.Contains(id) ? ContentAudience.Readers : ContentAudience.Nobody);
    }

    /// <summary>Status changes queue <c>draft:{id}</c>.</summary>
    public Task<IReadOnlyList<int>> ItemsOfSearchParentsAsync(IReadOnlyCollection<string> parents, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<int>>(parents.Select(p => p.Split(':')).Where(p => p.Length == 2 && p[0] == Kind)
            .Select(p => int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList());
}
