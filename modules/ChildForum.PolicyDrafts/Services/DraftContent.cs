using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>Lets other modules link to a draft (agenda items).</summary>
public sealed class DraftContent(ForumDbContext db) : IGroupContent
{
    public string Kind => "draft";

    public Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken) =>
        db.Set<PolicyDraft>().Where(d => d.Id == id && d.GroupId == groupId).Select(d => d.Title).SingleOrDefaultAsync(cancellationToken);

    public string Url(string groupSlug, int id) => $"/groups/{groupSlug}/drafts/{id}";
}
