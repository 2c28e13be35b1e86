using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>What the draft reader page shows of one version. <see cref="OpenAmendments"/>: open amendments per paragraph
/// anchor. <see cref="MyOrganisation"/>: the reader's organisation (null when signed out).</summary>
public sealed record DraftReading(
    DraftDto Draft, DraftDocument Document, IReadOnlyList<VersionSummaryDto> Versions, IReadOnlyList<CommentDto> Comments,
    IReadOnlyList<PositionDto> Positions, IReadOnlyDictionary<string, int> OpenAmendments, OrganisationDto? MyOrganisation);

/// <summary>Reads the draft reader page in a fixed handful of commands, however many versions, comments and positions the
/// draft has: the versions' list once (their bodies only for versions not parsed yet), the comments, the positions and the
/// open amendments' paragraphs, then everyone these name, and the reader, in one load.</summary>
public sealed class DraftReader(ForumDbContext db, DraftService drafts, FeedbackService feedback)
{
    /// <summary>The draft at <paramref name="number"/> (the newest when null) for <paramref name="userId"/> (null: signed
    /// out); null when the draft has no such version.</summary>
    public async Task<DraftReading?> ReadAsync(PolicyDraft draft, int? number, string? userId, CancellationToken cancellationToken)
    {
        var shownNumber = number ?? draft.CurrentVersion;
        var versions = await Versions.For(db)(db, draft.Id).ToListAsync(cancellationToken);
        if (versions.SingleOrDefault(v => v.Number == shownNumber) is not { } shown)
        {
            return null;
        }
        var comments = await feedback.CommentsUpToAsync(draft, shown.Number, cancellationToken);
        var positions = await feedback.LatestPositionsAsync(draft, cancellationToken);
        var openAmendments = (await OpenAmendmentAnchors.For(db)(db, draft.Id).ToListAsync(cancellationToken)).CountBy(anchor => anchor).ToDictionary(StringComparer.Ordinal);
        var people = await drafts.PeopleWithOrganisationsAsync(
            versions.Select(v => v.AuthorId).Concat(comments.Select(c => c.AuthorId)).Concat(positions.Select(p => p.Position.UserId))
                .Append(userId).OfType<string>().Distinct().ToList(), cancellationToken);
        var persons = people.ToDictionary(p => p.Key, p => p.Value.Person);

        var needed = comments.Select(c => c.Version).Append(shown.Number).ToHashSet();
        var parsed = await drafts.DocumentsAsync(versions.Where(v => needed.Contains(v.Number)).Select(v => (v.Id, v.Number)).ToList(), cancellationToken);
        var document = parsed[shown.Number];
        var anchors = document.Blocks.Select(b => b.Anchor).ToHashSet(StringComparer.Ordinal);
        var excerpts = FeedbackService.Excerpts(parsed.Select(p => (p.Key, p.Value)));
        return new DraftReading(
            DraftService.ToDto(draft, shown.Number, shown.Note, document, persons[shown.AuthorId]),
            document,
            versions.OrderByDescending(v => v.Number)
                .Select(v => new VersionSummaryDto(v.Number, v.Note, persons[v.AuthorId], DraftService.Utc(v.CreatedAt), v.AmendmentId)).ToList(),
            comments.Select(c => FeedbackService.ToDto(c, persons, anchors, excerpts)).ToList(),
            positions.Select(p => FeedbackService.ToDto(p, persons)).ToList(),
            openAmendments,
            userId is not null && people.TryGetValue(userId, out var me) ? me.Organisation : null);
    }

    private sealed record VersionRow(int Id, int Number, string Note, string AuthorId, DateTime CreatedAt, int? AmendmentId);

    // Compiled: every draft page asks these.
    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<VersionRow>>> Versions = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int draftId) => db.Set<DraftVersion>().AsNoTracking().Where(v => v.DraftId == draftId)
            .Select(v => new VersionRow(v.Id, v.Number, v.Note, v.AuthorId, v.CreatedAt, v.AmendmentId))));

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<string>>> OpenAmendmentAnchors = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int draftId) => db.Set<Amendment>().AsNoTracking().Where(a => a.DraftId == draftId && a.Status == AmendmentStatuses.Open).Select(a => a.Anchor)));
}
