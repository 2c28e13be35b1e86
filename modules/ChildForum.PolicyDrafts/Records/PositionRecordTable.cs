using System.Runtime.CompilerServices;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Records;

/// <summary>The organisations' positions on the group's drafts for export: per draft (oldest first) each organisation's
/// latest position, read through <see cref="FeedbackService.ListPositionsAsync"/> as the draft page and
/// <c>GET /api/v1/drafts/{id}/positions</c> give them to every reader of the group (drafts know no Chatham House: a
/// position is an organisation's public stance, stated by a named person). Readers export it.</summary>
public sealed class PositionRecordTable(ForumDbContext db, FeedbackService feedback) : IRecordTable
{
    public string Name => "positions";

    public GroupPermission Permission => GroupPermissions.Read;

    public IReadOnlyList<string> Columns { get; } = ["Draft id", "Draft", "Organisation", "Stakeholder type", "Stance", "Version", "Stated by", "Stated at", "Statement"];

    public async IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var drafts = await db.Set<PolicyDraft>().AsNoTracking().Where(d => d.GroupId == readers.GroupId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        foreach (var draft in drafts)
        {
            foreach (var position in await feedback.ListPositionsAsync(draft, cancellationToken))
            {
                yield return [draft.Id, draft.Title, position.Organisation.Name, position.Organisation.StakeholderType, position.Stance, position.Version,
                    position.StatedBy.DisplayName, RecordValue.Time(position.StatedAt), position.Statement];
            }
        }
    }
}
