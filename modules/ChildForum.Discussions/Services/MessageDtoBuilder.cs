using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Turns stored messages into what the API, the hub and the page show: authors, reply quotes and reaction
/// counts read in one query each for the whole list, and text withheld from whoever may not read it.</summary>
public sealed class MessageDtoBuilder(ForumDbContext db, PeopleDirectory people)
{
    public Task<IReadOnlyList<MessageDto>> ToDtosAsync(IReadOnlyList<Message> messages, bool canModerate, CancellationToken cancellationToken) =>
        ToDtosAsync(messages, canModerate, reactionsKnownEmpty: false, cancellationToken);

    /// <summary>As <see cref="ToDtosAsync(IReadOnlyList{Message}, bool, CancellationToken)"/>; a caller that knows the
    /// messages have no reactions yet (stored a moment ago) saves the reaction query.</summary>
    public async Task<IReadOnlyList<MessageDto>> ToDtosAsync(IReadOnlyList<Message> messages, bool canModerate, bool reactionsKnownEmpty, CancellationToken cancellationToken)
    {
        var authorIds = messages.Select(m => m.AuthorId).Distinct().ToList();
        var replyIds = messages.Where(m => m.ReplyToId is not null).Select(m => m.ReplyToId!.Value).Distinct().ToList();
        var replies = replyIds.Count == 0 ? [] : await MessagesIn.For(db)(db, replyIds).ToListAsync(cancellationToken);
        authorIds.AddRange(replies.Select(r => r.AuthorId));
        var authors = await AuthorsAsync(authorIds.Distinct().ToList(), cancellationToken);
        var reactions = reactionsKnownEmpty ? [] : await ReactionCountsAsync(messages.Select(m => m.Id).ToList(), cancellationToken);

        return messages.Select(m =>
        {
            var visible = !m.Deleted && (!m.Hidden || canModerate);
            var reply = replies.FirstOrDefault(r => r.Id == m.ReplyToId);
            var quote = reply is null ? null : new ReplyQuoteDto(reply.Id, reply.Seq, authors.GetValueOrDefault(reply.AuthorId)?.DisplayName ?? "",
                reply.Deleted || reply.Hidden ? "" : DiscussionText.Excerpt(reply.Body));
            return new MessageDto(m.Id, m.ThreadId, m.Seq, authors[m.AuthorId], visible ? m.Body : "", visible ? m.Html : "", m.ReplyToId, m.ClientMessageId,
                DiscussionText.Utc(m.CreatedAt), m.EditedAt is { } edited ? DiscussionText.Utc(edited) : null, m.Deleted, m.Hidden,
                reactions.GetValueOrDefault(m.Id) ?? EmptyReactions(), quote);
        }).ToList();
    }

    public async Task<Dictionary<string, AuthorDto>> AuthorsAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        (await people.FindAsync(userIds, cancellationToken))
        .ToDictionary(p => p.Key, p => new AuthorDto(p.Key, p.Value.DisplayName, p.Value.OrganisationName, p.Value.StakeholderType.ToWire()));

    /// <summary>Each message's count per reaction kind (every kind present, zeros included); messages without any
    /// reaction are left out.</summary>
    public async Task<Dictionary<long, IReadOnlyDictionary<string, int>>> ReactionCountsAsync(IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        var rows = await ReactionCounts.For(db)(db, messageIds.AsQueryList()).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.MessageId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, int>)Reactions.Kinds.Keys.ToDictionary(k => k, k => g.Where(r => r.Kind == k).Sum(r => r.Count)));
    }

    // Compiled: every thread page asks these for its messages.
    private static readonly PerModel<Func<ForumDbContext, List<long>, IAsyncEnumerable<Message>>> MessagesIn = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, List<long> ids) => db.Set<Message>().AsNoTracking().Where(m => ids.Contains(m.Id))));

    private sealed record ReactionCount(long MessageId, string Kind, int Count);

    private static readonly PerModel<Func<ForumDbContext, List<long>, IAsyncEnumerable<ReactionCount>>> ReactionCounts = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, List<long> ids) => db.Set<MessageReaction>().Where(r => ids.Contains(r.MessageId))
            .GroupBy(r => new { r.MessageId, r.Kind }).Select(g => new ReactionCount(g.Key.MessageId, g.Key.Kind, g.Count()))));

    public static IReadOnlyDictionary<string, int> EmptyReactions() => Reactions.Kinds.Keys.ToDictionary(k => k, _ => 0);

    public static ThreadDto ToDto(DiscussionThread x) =>
        new(x.Id, x.GroupId, x.Title, DiscussionText.Utc(x.CreatedAt), DiscussionText.Utc(x.LastActivityAt), x.MessageCount, x.Locked, x.LastSeq);
}
