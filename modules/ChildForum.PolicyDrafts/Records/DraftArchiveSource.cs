using System.Globalization;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Records;

/// <summary>The group's policy drafts in its archive: every version of each draft as the Markdown its author wrote
/// (<c>drafts/{id}-{title}/version-{n}.md</c>, with its note and date), and the organisations' positions
/// (<c>positions.md</c>: each organisation's latest, as the draft page shows them).</summary>
public sealed class DraftArchiveSource(ForumDbContext db, FeedbackService feedback) : IArchiveSource
{
    public string Section => "drafts";

    public int Order => 20;

    public async Task WriteAsync(ArchiveContext context, CancellationToken cancellationToken)
    {
        var drafts = await db.Set<PolicyDraft>().AsNoTracking().Where(d => d.GroupId == context.GroupId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        int versions = 0, positions = 0;
        foreach (var draft in drafts)
        {
            var folder = $"{Section}/{ArchivePaths.Segment(draft.Id, draft.Title)}";
            var rows = await db.Set<DraftVersion>().AsNoTracking().Where(v => v.DraftId == draft.Id).OrderBy(v => v.Number).ToListAsync(cancellationToken);
            foreach (var version in rows)
            {
                var header = string.Create(CultureInfo.InvariantCulture,
                    $"<!-- {draft.Title.Replace("--", "- -", StringComparison.Ordinal)}: version {version.Number} of {rows.Count}, {ArchiveMarkdown.Time(version.CreatedAt)}. Note: {version.Note.Replace("--", "- -", StringComparison.Ordinal)} -->\n\n");
                await context.AddMarkdownAsync($"{folder}/version-{version.Number}.md", header + version.Body, cancellationToken);
            }
            var stated = await feedback.ListPositionsAsync(draft, cancellationToken);
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"# Positions on {ArchiveMarkdown.Escape(draft.Title)}\n\nStatus of the draft: {draft.Status}; current version {draft.CurrentVersion}.\n");
            foreach (var position in stated)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"\n## {ArchiveMarkdown.Escape(position.Organisation.Name)} ({position.Organisation.StakeholderType}): {position.Stance}\n\nOn version {position.Version}, {ArchiveMarkdown.Time(position.StatedAt.UtcDateTime)}, stated by {ArchiveMarkdown.Escape(position.StatedBy.DisplayName)}.\n\n{position.Statement.TrimEnd()}\n");
            }
            await context.AddMarkdownAsync($"{folder}/positions.md", text.ToString(), cancellationToken);
            context.Wrote("draft", draft.Id);
            versions += rows.Count;
            positions += stated.Count;
        }
        context.Count(Section, drafts.Count);
        context.Count("draftVersions", versions);
        context.Count("positions", positions);
    }
}
