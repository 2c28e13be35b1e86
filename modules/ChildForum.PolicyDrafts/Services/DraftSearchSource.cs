using System.Globalization;
using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using ChildForum.Core.Search;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>Drafts for search: parent <c>draft:{id}</c>, one document per paragraph of the newest version, each
/// linking to its paragraph's anchor. Withdrawn drafts are not searchable.</summary>
public sealed class DraftSearchSource(ForumDbContext db, DraftDocuments documents) : ISearchSource
{
    public string Kind => "draft";

    public static string Parent(int draftId) => "draft:" + draftId.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var result = parents.ToDictionary(p => p, _ => (IReadOnlyList<SearchDocument>)[]);
        var ids = parents.Select(p => int.TryParse(p.Split(':')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
        var drafts = await db.Set<PolicyDraft>().AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status != DraftStatuses.Withdrawn).ToListAsync(cancellationToken);
        foreach (var draft in drafts)
        {
            var version = await db.Set<DraftVersion>().AsNoTracking().SingleAsync(v => v.DraftId == draft.Id && v.Number == draft.CurrentVersion, cancellationToken);
            // The words are the version author's (a facilitator, or the proposer of an accepted amendment's text).
            var author = await (from u in db.Users join o in db.Organisations on u.OrganisationId equals o.Id where u.Id == version.AuthorId select o.StakeholderType).SingleAsync(cancellationToken);
            var stakeholders = new[] { author.ToWire() };
            var document = documents.Get(version);
            var date = new DateTimeOffset(DateTime.SpecifyKind(version.CreatedAt, DateTimeKind.Utc));
            var id = draft.Id.ToString(CultureInfo.InvariantCulture);
            result[Parent(draft.Id)] = document.Blocks.Select(block => new SearchDocument(
                $"{Parent(draft.Id)}:{block.Anchor}", Parent(draft.Id), SearchTypes.Draft, id, draft.GroupId, draft.Title, block.Text,
                $"/groups/{{group}}/drafts/{draft.Id}#{block.Anchor}", date, draft.Language, stakeholders)).ToList();
        }
        return result;
    }

    public async IAsyncEnumerable<string> AllParentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var id in db.Set<PolicyDraft>().Select(d => d.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Parent(id);
        }
    }
}
