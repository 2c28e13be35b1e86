using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Markdown;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>The earlier texts of edited messages, rendered for reading: withheld as the current text is.</summary>
public sealed class RevisionService(ForumDbContext db, ThreadAccessResolver resolver, IMarkdownRenderer markdown)
{
    /// <summary>The earlier texts of a message, oldest first, for whoever may read its current text: none once it is
    /// deleted, and none of a hidden message except for facilitators.</summary>
    public async Task<Outcome<RevisionPageDto>> RevisionsAsync(long messageId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await resolver.FindMessageAsync(messageId, user, GroupPermissions.Read, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<RevisionPageDto>();
        }
        var (message, access) = found.Value;
        var history = await RevisionsOfAsync([(message.Id, message.EditedAt is not null, message.Deleted, message.Hidden)], ThreadAccessResolver.CanModerate(access.Group), cancellationToken);
        return Outcome<RevisionPageDto>.Ok(new RevisionPageDto(messageId, history.GetValueOrDefault(messageId) ?? []));
    }

    /// <summary>The earlier texts of those messages whose current text the reader may see, oldest first.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<RevisionDto>>> RevisionsOfAsync(IReadOnlyList<MessageDto> messages, bool canModerate, CancellationToken cancellationToken) =>
        await RevisionsOfAsync(messages.Select(m => (m.Id, m.EditedAt is not null, m.Deleted, m.Hidden)).ToList(), canModerate, cancellationToken);

    private async Task<IReadOnlyDictionary<long, IReadOnlyList<RevisionDto>>> RevisionsOfAsync(
        IReadOnlyList<(long Id, bool Edited, bool Deleted, bool Hidden)> messages, bool canModerate, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => m.Edited && !m.Deleted && (!m.Hidden || canModerate)).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<RevisionDto>>();
        }
        var rows = await db.Set<MessageRevision>().AsNoTracking().Where(r => ids.Contains(r.MessageId)).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.MessageId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<RevisionDto>)g.OrderBy(r => r.ReplacedAt).ThenBy(r => r.Id).Select(r => new RevisionDto(r.Body, markdown.ToHtml(r.Body), DiscussionText.Utc(r.ReplacedAt))).ToList());
    }
}
