using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Hubs;
using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Reactions to messages: giving and taking one back (the new counts broadcast to the thread), and which ones a
/// person has given.</summary>
public sealed class ReactionService(
    ForumDbContext db,
    ThreadAccessResolver resolver,
    MessageDtoBuilder dtos,
    IHubContext<DiscussionHub, IDiscussionClient> hub,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<IReadOnlyDictionary<string, int>>> SetReactionAsync(long messageId, string kind, bool on, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Reactions.Kinds.ContainsKey(kind))
        {
            return Outcome<IReadOnlyDictionary<string, int>>.Invalid("kind", "Use one of: {0}.", string.Join(", ", Reactions.Kinds.Keys));
        }
        var found = await resolver.FindMessageAsync(messageId, user, GroupPermissions.Contribute, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<IReadOnlyDictionary<string, int>>();
        }
        var (message, _) = found.Value;
        var userId = user.GetUserId()!;
        var existing = await db.Set<MessageReaction>().SingleOrDefaultAsync(r => r.MessageId == messageId && r.UserId == userId && r.Kind == kind, cancellationToken);
        if (on && existing is null)
        {
            db.Add(new MessageReaction { MessageId = messageId, UserId = userId, Kind = kind, CreatedAt = Now });
        }
        else if (!on && existing is not null)
        {
            db.Remove(existing);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same reaction twice at once: the first one counts.
            db.ChangeTracker.Clear();
        }
        var counts = await dtos.ReactionCountsAsync([messageId], cancellationToken);
        var result = counts.GetValueOrDefault(messageId) ?? MessageDtoBuilder.EmptyReactions();
        await hub.Clients.Group(DiscussionHub.ThreadGroup(message.ThreadId)).ReactionsChanged(new ReactionsChangedDto(message.ThreadId, messageId, result));
        return Outcome<IReadOnlyDictionary<string, int>>.Ok(result);
    }

    /// <summary>The reactions a person has given among these messages, so that a page can offer to take them back.</summary>
    public async Task<IReadOnlySet<(long MessageId, string Kind)>> ReactionsGivenAsync(string? userId, IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        if (userId is null || messageIds.Count == 0)
        {
            return new HashSet<(long, string)>();
        }
        var given = await Given.For(db)(db, userId, messageIds.AsQueryList()).ToListAsync(cancellationToken);
        return given.Select(r => (r.MessageId, r.Kind)).ToHashSet();
    }

    private sealed record GivenRow(long MessageId, string Kind);

    /// <summary>Compiled: every signed-in thread page asks it for its messages.</summary>
    private static readonly PerModel<Func<ForumDbContext, string, List<long>, IAsyncEnumerable<GivenRow>>> Given = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, string userId, List<long> ids) => db.Set<MessageReaction>().AsNoTracking().Where(r => r.UserId == userId && ids.Contains(r.MessageId))
            .Select(r => new GivenRow(r.MessageId, r.Kind))));
}
