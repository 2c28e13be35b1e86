using ChildForum.Core.Cluster;
using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Core.Identity;

/// <summary>A person as the site shows them beside what they wrote or did: their name and their organisation.</summary>
public sealed record PersonInfo(string UserId, string DisplayName, int OrganisationId, string OrganisationName, StakeholderType StakeholderType);

/// <summary>Who people are, for any module that names authors, proposers or owners: one users-join-organisations query
/// for those not kept yet (<see cref="KeptPeople"/>), so a page that shows many people asks at most once. Each module
/// builds its own DTOs from the answer.</summary>
public sealed class PeopleDirectory(ForumDbContext db, KeptPeople kept)
{
    /// <summary>The people of <paramref name="userIds"/> with their organisations, by user id (an id that names no one is
    /// left out; every person has an organisation).</summary>
    public async Task<Dictionary<string, PersonInfo>> FindAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var found = await kept.GetManyAsync(userIds, async missing =>
            (await (from u in db.Users
                    join o in db.Organisations on u.OrganisationId equals o.Id
                    where missing.Contains(u.Id)
                    select new PersonInfo(u.Id, u.DisplayName, o.Id, o.Name, o.StakeholderType)).ToListAsync(cancellationToken))
            .ToDictionary(p => p.UserId, p => (PersonInfo?)p), absent: null);
        return found.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
    }
}

/// <summary>People's names and organisations, kept on each node until a write to people or organisations is committed
/// anywhere (a name changed, a person erased, an organisation renamed): every message, draft and meeting names people,
/// and the same few people again and again.</summary>
public sealed class KeptPeople(IClusterBus cluster) : KeptUntilWritten<string, PersonInfo?>(cluster)
{
    private static readonly HashSet<string> Watched = new(StringComparer.Ordinal) { "AspNetUsers", "Organisations" };

    public override string Topic => "people";

    protected override IReadOnlySet<string> Tables => Watched;
}
