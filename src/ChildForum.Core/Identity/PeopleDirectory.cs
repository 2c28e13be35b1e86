using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Core.Identity;

/// <summary>A person as the site shows them beside what they wrote or did: their name and their organisation.</summary>
public sealed record PersonInfo(string UserId, string DisplayName, int OrganisationId, string OrganisationName, StakeholderType StakeholderType);

/// <summary>Who people are, for any module that names authors, proposers or owners: one users-join-organisations query
/// for the whole list, so a page that shows many people asks once. Each module builds its own DTOs from the answer.</summary>
public sealed class PeopleDirectory(ForumDbContext db)
{
    /// <summary>The people of <paramref name="userIds"/> with their organisations, by user id, in one query (an id that
    /// names no one is left out; every person has an organisation).</summary>
    public async Task<Dictionary<string, PersonInfo>> FindAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        (await (from u in db.Users
                join o in db.Organisations on u.OrganisationId equals o.Id
                where userIds.Contains(u.Id)
                select new PersonInfo(u.Id, u.DisplayName, o.Id, o.Name, o.StakeholderType)).ToListAsync(cancellationToken))
        .ToDictionary(p => p.UserId);
}
