using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Markdown;
using ChildForum.Core.Notifications;
using ChildForum.Core.Organisations;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Discussions.Hubs;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Mail;
using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Services;

/// <summary>A thread together with the caller's access to its group.</summary>
public sealed record ThreadAccess(DiscussionThread Thread, GroupAccess Group);

/// <summary>Threads and messages: the one implementation behind the API, the hub and the pages.
/// A message is stored (seq assigned in the same transaction) before anyone is told about it.</summary>
public sealed class DiscussionService(
    ForumDbContext db,
    IGroupMembers groups,
    AccessRule rule,
    PersonalDataGuard guard,
    MessageBodies bodies,
    IMarkdownRenderer markdown,
    IHubContext<DiscussionHub, IDiscussionClient> hub,
    Notifier notifier,
    IMailOutbox mail,
    IAuditLog audit,
    ChildForum.Core.Search.ISearchOutbox search,
    TimeProvider clock,
    IStringLocalizer<DiscussionsResource> t)
{
    public const int ClientMessageIdMaxLength = 100;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string HubGroup(int threadId) => "thread:" + threadId.ToString(CultureInfo.InvariantCulture);

    // ---- Access ------------------------------------------------------------------------------

    /// <summary>Loads the thread and asks <see cref="AccessRule"/> whether the caller may do <paramref name="permission"/>
    /// in its group: an unknown thread and one in a group the caller may not read are both "not found".</summary>
    public async Task<Outcome<ThreadAccess>> AccessAsync(int threadId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var thread = await db.Set<DiscussionThread>().SingleOrDefaultAsync(x => x.Id == threadId, cancellationToken);
        if (thread is null)
        {
            return Outcome<ThreadAccess>.NotFound("thread");
        }
        var decision = await rule.CheckAsync(user, thread.GroupId, permission, cancellationToken);
        return decision.Allowed ? Outcome<ThreadAccess>.Ok(new ThreadAccess(thread, decision.Group))
            : decision.Refusal == AccessRefusal.NotFound ? Outcome<ThreadAccess>.NotFound("thread")
            : decision.ToOutcome<ThreadAccess>();
    }

    private static bool CanModerate(GroupAccess group) => AccessRule.Allows(group, GroupPermissions.Facilitate);

    // ---- Threads -----------------------------------------------------------------------------

    public async Task<IReadOnlyList<ThreadDto>> ListThreadsAsync(int groupId, CancellationToken cancellationToken) =>
        (await db.Set<DiscussionThread>().AsNoTracking().Where(x => x.GroupId == groupId).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.LastActivityAt).Select(ToDto).ToList();

    public async Task<Outcome<(ThreadDto Thread, MessageDto First)>> CreateThreadAsync(GroupAccess group, ClaimsPrincipal user, CreateThreadRequest request, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId()!;
        var validation = new Validation();
        var title = validation.RequireText("title", request.Title, bodies.MaxTitleLength);
        var body = bodies.Prepare(request.Body, validation, out var tooLong);
        if (tooLong is not null)
        {
            return tooLong.Failure<(ThreadDto, MessageDto)>();
        }
        if (!validation.IsValid)
        {
            return Outcome<(ThreadDto, MessageDto)>.Invalid(validation);
        }
        if (await bodies.RefuseWhenTooQuickAsync(userId, cancellationToken) is { } tooQuick)
        {
            return tooQuick.Failure<(ThreadDto, MessageDto)>();
        }
        // The title is shown everywhere the thread is listed: the children's-data guard reads it with the body.
        var checkedBody = bodies.RenderAndGuard(body!, request.ConfirmPersonalData == true, new GuardedText("title", title));
        if (checkedBody.Problem is { } problem)
        {
            return problem.Failure<(ThreadDto, MessageDto)>();
        }

        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var thread = new DiscussionThread { GroupId = group.GroupId, Title = title!, CreatedById = userId, CreatedAt = now, LastActivityAt = now, MessageCount = 1, LastSeq = 1 };
        db.Add(thread);
        await db.SaveChangesAsync(cancellationToken);
        var message = new Message
        {
            ThreadId = thread.Id, Seq = 1, AuthorId = userId, Body = body!, Html = checkedBody.Html,
            ClientMessageId = "thread-" + Guid.NewGuid().ToString("N"), CreatedAt = now,
        };
        db.Add(message);
        FlagPersonalData(message, checkedBody.NeedsFlag);
        var mentioned = await AddMentionNotificationsAsync(group, thread, message, user, cancellationToken);
        audit.Record("thread.created", $"Started thread '{thread.Title}'", group.GroupId, "thread", Id(thread.Id));
        search.Changed(ThreadSearchSource.Parent(thread.Id));
        search.Changed(MessageSearchSource.Parent(thread.Id, 1));
        await db.SaveChangesAsync(cancellationToken);
        if (await QueueMailsAsync(group, message, mentioned, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        await notifier.PushCountsAsync(mentioned, cancellationToken);
        return Outcome<(ThreadDto, MessageDto)>.Created((ToDto(thread), (await ToDtosAsync([message], canModerate: false, reactionsKnownEmpty: true, cancellationToken))[0]));
    }

    public async Task<Outcome<bool>> SetLockedAsync(ThreadAccess access, bool locked, CancellationToken cancellationToken)
    {
        var thread = access.Thread;
        if (thread.Locked == locked)
        {
            return Outcome<bool>.Ok(false);
        }
        // Only the flag: the row's LastSeq moves under concurrent posts and must not be written back from this copy.
        await db.Set<DiscussionThread>().Where(x => x.Id == thread.Id).ExecuteUpdateAsync(set => set.SetProperty(x => x.Locked, locked), cancellationToken);
        audit.Record(locked ? "thread.locked" : "thread.unlocked", $"{(locked ? "Locked" : "Unlocked")} thread '{thread.Title}'", thread.GroupId, "thread", Id(thread.Id));
        await db.SaveChangesAsync(cancellationToken);
        await hub.Clients.Group(HubGroup(thread.Id)).ThreadLockChanged(new ThreadLockChangedDto(thread.Id, locked));
        return Outcome<bool>.Ok(true);
    }

    // ---- Messages ----------------------------------------------------------------------------

    public async Task<Outcome<MessagePageDto>> ListMessagesAsync(ThreadAccess access, int? after, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (after is < 0)
        {
            validation.Add("after", "Use a seq of 0 or more.");
        }
        if (limit is < 1 or > MaxPageSize)
        {
            validation.Add("limit", "Use a limit from 1 to {0}.", MaxPageSize);
        }
        if (!validation.IsValid)
        {
            return Outcome<MessagePageDto>.Invalid(validation);
        }
        var from = after ?? 0;
        var messages = await db.Set<Message>().AsNoTracking()
            .Where(m => m.ThreadId == access.Thread.Id && m.Seq > from)
            .OrderBy(m => m.Seq).Take(limit ?? DefaultPageSize)
            .ToListAsync(cancellationToken);
        return Outcome<MessagePageDto>.Ok(new MessagePageDto(await ToDtosAsync(messages, CanModerate(access.Group), cancellationToken)));
    }

    /// <summary>The newest <paramref name="count"/> messages, oldest first: the server-rendered history of the thread page.</summary>
    public async Task<IReadOnlyList<MessageDto>> LatestMessagesAsync(ThreadAccess access, int count, CancellationToken cancellationToken)
    {
        var messages = await db.Set<Message>().AsNoTracking()
            .Where(m => m.ThreadId == access.Thread.Id && m.Seq > access.Thread.LastSeq - count)
            .OrderBy(m => m.Seq).ToListAsync(cancellationToken);
        return await ToDtosAsync(messages, CanModerate(access.Group), cancellationToken);
    }

    /// <summary>Stores a message and then broadcasts it. The same clientMessageId from the same person returns the
    /// stored message (Ok rather than Created) without storing or broadcasting it again.</summary>
    public async Task<Outcome<MessageDto>> PostAsync(int threadId, ClaimsPrincipal user, PostMessageRequest request, CancellationToken cancellationToken)
    {
        var access = await AccessAsync(threadId, user, GroupPermissions.Contribute, cancellationToken);
        if (!access.Succeeded)
        {
            return access.Failure<MessageDto>();
        }
        var (thread, group) = access.Value!;
        var userId = user.GetUserId()!;

        var validation = new Validation();
        var clientMessageId = validation.RequireText("clientMessageId", request.ClientMessageId, ClientMessageIdMaxLength);
        if (clientMessageId is not null && clientMessageId.Any(char.IsControl))
        {
            validation.Add("clientMessageId", "Use letters, digits and punctuation only.");
            clientMessageId = null;
        }
        if (clientMessageId is not null && await db.Set<Message>().AsNoTracking().SingleOrDefaultAsync(m => m.AuthorId == userId && m.ClientMessageId == clientMessageId, cancellationToken) is { } stored)
        {
            return stored.ThreadId == thread.Id
                ? Outcome<MessageDto>.Ok((await ToDtosAsync([stored], CanModerate(group), cancellationToken))[0])
                : Outcome<MessageDto>.Conflict(t["This clientMessageId was already used for a message in another thread; use a new one for each message."]);
        }
        var body = bodies.Prepare(request.Body, validation, out var tooLong);
        if (tooLong is not null)
        {
            return tooLong.Failure<MessageDto>();
        }
        if (request.ReplyToId is { } replyTo && !await db.Set<Message>().AnyAsync(m => m.Id == replyTo && m.ThreadId == thread.Id, cancellationToken))
        {
            validation.Add("replyToId", "There is no message with this id in this thread.");
        }
        if (!validation.IsValid)
        {
            return Outcome<MessageDto>.Invalid(validation);
        }
        if (thread.Locked)
        {
            return Outcome<MessageDto>.Conflict(t["This thread is locked: a facilitator has closed it to new messages."]);
        }
        // Rendering and scanning are the costly part: only a message the limit lets through gets them.
        if (await bodies.RefuseWhenTooQuickAsync(userId, cancellationToken) is { } tooQuick)
        {
            return tooQuick.Failure<MessageDto>();
        }
        var checkedBody = bodies.RenderAndGuard(body!, request.ConfirmPersonalData == true);
        if (checkedBody.Problem is { } problem)
        {
            return problem.Failure<MessageDto>();
        }

        var message = new Message
        {
            ThreadId = thread.Id, AuthorId = userId, Body = body!, Html = checkedBody.Html,
            ReplyToId = request.ReplyToId, ClientMessageId = clientMessageId!, CreatedAt = Now,
        };
        List<string> mentioned;
        // SQLite has one writer: waiting here, in order, is cheaper than its busy retries (150 ms sleeps on a thread).
        var gate = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite" ? SqliteWriter : null;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Take the next seq atomically: the UPDATE holds the thread's row until commit, so posts to one thread
            // queue here instead of colliding and retrying.
            var now = message.CreatedAt;
            message.Seq = await TakeNextSeqAsync(thread.Id, now, cancellationToken);
            db.Add(message);
            FlagPersonalData(message, checkedBody.NeedsFlag);
            search.Changed(MessageSearchSource.Parent(thread.Id, message.Seq));
            mentioned = await AddMentionNotificationsAsync(group, thread, message, user, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (await QueueMailsAsync(group, message, mentioned, cancellationToken))
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same message retried while the first attempt was being stored (unique author + clientMessageId).
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                var raced = await db.Set<Message>().AsNoTracking().SingleOrDefaultAsync(m => m.AuthorId == userId && m.ClientMessageId == clientMessageId, cancellationToken);
                if (raced is null)
                {
                    throw;
                }
                return Outcome<MessageDto>.Ok((await ToDtosAsync([raced], CanModerate(group), cancellationToken))[0]);
            }
        }
        finally
        {
            gate?.Release();
        }

        // A message stored a moment ago has no reactions yet: its DTO needs no reaction query.
        var dto = (await ToDtosAsync([message], canModerate: false, reactionsKnownEmpty: true, cancellationToken))[0];
        await hub.Clients.Group(HubGroup(thread.Id)).MessagePosted(dto);
        await notifier.PushCountsAsync(mentioned, cancellationToken);
        return Outcome<MessageDto>.Created(dto);
    }

    public async Task<Outcome<MessageDto>> EditAsync(long messageId, ClaimsPrincipal user, EditMessageRequest request, CancellationToken cancellationToken)
    {
        var found = await FindMessageAsync(messageId, user, GroupPermissions.Contribute, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<MessageDto>();
        }
        var (message, access) = found.Value;
        if (message.AuthorId != user.GetUserId())
        {
            return Outcome<MessageDto>.Forbidden(t["Only the author may edit a message."]);
        }
        if (message.Deleted || message.Hidden || access.Thread.Locked)
        {
            return Outcome<MessageDto>.Conflict(t["This message can no longer be edited: it was deleted or hidden, or the thread is locked."]);
        }
        var validation = new Validation();
        var body = bodies.Prepare(request.Body, validation, out var tooLong);
        if (tooLong is not null)
        {
            return tooLong.Failure<MessageDto>();
        }
        if (!validation.IsValid)
        {
            return Outcome<MessageDto>.Invalid(validation);
        }
        if (body == message.Body)
        {
            return Outcome<MessageDto>.Ok((await ToDtosAsync([message], canModerate: false, cancellationToken))[0]);
        }
        if (await bodies.RefuseWhenTooQuickAsync(message.AuthorId, cancellationToken) is { } tooQuick)
        {
            return tooQuick.Failure<MessageDto>();
        }
        var checkedBody = bodies.RenderAndGuard(body!, request.ConfirmPersonalData == true);
        if (checkedBody.Problem is { } problem)
        {
            return problem.Failure<MessageDto>();
        }
        db.Add(new MessageRevision { MessageId = message.Id, Body = message.Body, ReplacedAt = Now });
        message.Body = body!;
        message.Html = checkedBody.Html;
        message.EditedAt = Now;
        FlagPersonalData(message, checkedBody.NeedsFlag);
        Reindex(message);
        await db.SaveChangesAsync(cancellationToken);
        var dto = (await ToDtosAsync([message], canModerate: false, cancellationToken))[0];
        await hub.Clients.Group(HubGroup(message.ThreadId)).MessageEdited(dto);
        return Outcome<MessageDto>.Ok(dto);
    }

    /// <summary>The earlier texts of a message, oldest first, for whoever may read its current text: none once it is
    /// deleted, and none of a hidden message except for facilitators.</summary>
    public async Task<Outcome<RevisionPageDto>> RevisionsAsync(long messageId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await FindMessageAsync(messageId, user, GroupPermissions.Read, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<RevisionPageDto>();
        }
        var (message, access) = found.Value;
        var history = await RevisionsOfAsync([(message.Id, message.EditedAt is not null, message.Deleted, message.Hidden)], CanModerate(access.Group), cancellationToken);
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
            g => (IReadOnlyList<RevisionDto>)g.OrderBy(r => r.ReplacedAt).ThenBy(r => r.Id).Select(r => new RevisionDto(r.Body, markdown.ToHtml(r.Body), Utc(r.ReplacedAt))).ToList());
    }

    /// <summary>Soft deletion by the author or a facilitator: the message stays in the sequence as "deleted".</summary>
    public async Task<Outcome<bool>> DeleteAsync(long messageId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await FindMessageAsync(messageId, user, GroupPermissions.Read, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<bool>();
        }
        var (message, access) = found.Value;
        var isAuthor = message.AuthorId == user.GetUserId() && AccessRule.Allows(access.Group, GroupPermissions.Contribute);
        if (!isAuthor && !CanModerate(access.Group))
        {
            return user.GetUserId() is null ? Outcome<bool>.Unauthorized(t[AccessRule.SignInSentence]) : Outcome<bool>.Forbidden(t["Only the author or a facilitator may delete a message."]);
        }
        if (message.Deleted)
        {
            return Outcome<bool>.Ok(false);
        }
        message.Deleted = true;
        Reindex(message);
        if (!isAuthor)
        {
            audit.Record("message.deleted", $"Deleted message #{message.Seq} in '{access.Thread.Title}'", access.Thread.GroupId, "message", Id(message.Id));
        }
        await db.SaveChangesAsync(cancellationToken);
        await hub.Clients.Group(HubGroup(message.ThreadId)).MessageDeleted(new MessageDeletedDto(message.ThreadId, message.Id));
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<IReadOnlyDictionary<string, int>>> SetReactionAsync(long messageId, string kind, bool on, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Reactions.Kinds.ContainsKey(kind))
        {
            return Outcome<IReadOnlyDictionary<string, int>>.Invalid("kind", "Use one of: {0}.", string.Join(", ", Reactions.Kinds.Keys));
        }
        var found = await FindMessageAsync(messageId, user, GroupPermissions.Contribute, cancellationToken);
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
        var counts = await ReactionCountsAsync([messageId], cancellationToken);
        var result = counts.GetValueOrDefault(messageId) ?? EmptyReactions();
        await hub.Clients.Group(HubGroup(message.ThreadId)).ReactionsChanged(new ReactionsChangedDto(message.ThreadId, messageId, result));
        return Outcome<IReadOnlyDictionary<string, int>>.Ok(result);
    }

    // ---- Moderation ----------------------------------------------------------------------------

    public async Task<Outcome<bool>> FlagAsync(long messageId, ClaimsPrincipal user, FlagRequest request, CancellationToken cancellationToken)
    {
        var found = await FindMessageAsync(messageId, user, GroupPermissions.Contribute, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<bool>();
        }
        var validation = new Validation();
        var reason = validation.RequireText("reason", request.Reason, MessageFlag.ReasonMaxLength);
        if (!validation.IsValid)
        {
            return Outcome<bool>.Invalid(validation);
        }
        // A confirmed phone number or e-mail address needs no further flag: the reason goes to the facilitators anyway.
        var guarded = guard.Check(request.ConfirmPersonalData == true, new GuardedText("reason", reason));
        if (!guarded.Allowed)
        {
            return guarded.Failure<bool>();
        }
        var userId = user.GetUserId();
        if (await db.Set<MessageFlag>().AnyAsync(f => f.MessageId == messageId && f.FlaggedById == userId && f.ResolvedAt == null, cancellationToken))
        {
            return Outcome<bool>.Conflict(t["You have already flagged this message; the facilitators will look at it."]);
        }
        db.Add(new MessageFlag { MessageId = messageId, Kind = FlagKind.Member, FlaggedById = userId, Reason = reason!, CreatedAt = Now });
        audit.Record("message.flagged", $"Flagged message #{found.Value.Message.Seq} in '{found.Value.Access.Thread.Title}': {reason}", found.Value.Access.Thread.GroupId, "message", Id(messageId));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Created(true);
    }

    public async Task<IReadOnlyList<FlagDto>> OpenFlagsAsync(int groupId, CancellationToken cancellationToken)
    {
        var rows = await (from f in db.Set<MessageFlag>()
                          join m in db.Set<Message>() on f.MessageId equals m.Id
                          join th in db.Set<DiscussionThread>() on m.ThreadId equals th.Id
                          join u in db.Users on f.FlaggedById equals u.Id into flaggers
                          from flagger in flaggers.DefaultIfEmpty()
                          where th.GroupId == groupId && f.ResolvedAt == null
                          select new { f, m.ThreadId, th.Title, m.Seq, m.Body, m.Hidden, Flagger = flagger == null ? null : flagger.DisplayName })
                         .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.f.CreatedAt).Select(r => new FlagDto(r.f.Id, r.f.MessageId, r.ThreadId, r.Title, r.Seq,
            r.f.Kind == FlagKind.PersonalData ? "personal-data" : "member", r.f.Reason, r.Flagger, Utc(r.f.CreatedAt), Excerpt(r.Body), r.Hidden)).ToList();
    }

    public async Task<Outcome<bool>> SetHiddenAsync(long messageId, bool hidden, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await FindMessageAsync(messageId, user, GroupPermissions.Facilitate, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<bool>();
        }
        var (message, access) = found.Value;
        var flags = await db.Set<MessageFlag>().Where(f => f.MessageId == messageId && f.ResolvedAt == null).ToListAsync(cancellationToken);
        foreach (var flag in flags)
        {
            flag.ResolvedAt = Now;
            flag.ResolvedById = user.GetUserId();
        }
        var changed = message.Hidden != hidden;
        message.Hidden = hidden;
        if (changed)
        {
            Reindex(message);
        }
        if (changed)
        {
            audit.Record(hidden ? "message.hidden" : "message.unhidden", $"{(hidden ? "Hid" : "Showed again")} message #{message.Seq} in '{access.Thread.Title}'", access.Thread.GroupId, "message", Id(messageId));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (changed)
        {
            await hub.Clients.Group(HubGroup(message.ThreadId)).MessageEdited((await ToDtosAsync([message], canModerate: false, cancellationToken))[0]);
        }
        return Outcome<bool>.Ok(changed);
    }

    public async Task<Outcome<bool>> DismissFlagAsync(long flagId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var flag = await db.Set<MessageFlag>().SingleOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        if (flag is null)
        {
            return Outcome<bool>.NotFound("flag");
        }
        var found = await FindMessageAsync(flag.MessageId, user, GroupPermissions.Facilitate, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<bool>();
        }
        if (flag.ResolvedAt is null)
        {
            flag.ResolvedAt = Now;
            flag.ResolvedById = user.GetUserId();
            audit.Record("flag.dismissed", $"Dismissed a flag on message #{found.Value.Message.Seq} in '{found.Value.Access.Thread.Title}'", found.Value.Access.Thread.GroupId, "message", Id(flag.MessageId));
            await db.SaveChangesAsync(cancellationToken);
        }
        return Outcome<bool>.Ok(true);
    }

    // ---- Helpers -----------------------------------------------------------------------------

    /// <summary>Takes the thread's next seq and counts the message in one round trip: the UPDATE holds the thread's row
    /// until commit, so posts to one thread queue here (gapless, no retries), and RETURNING hands back the seq it wrote.
    /// Raw SQL because EF's ExecuteUpdate cannot return a value; both SQLite (3.35+) and PostgreSQL take this form.</summary>
    private async Task<int> TakeNextSeqAsync(int threadId, DateTime now, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<int>($"""
            UPDATE "DiscussionThreads" SET "LastSeq" = "LastSeq" + 1, "MessageCount" = "MessageCount" + 1, "LastActivityAt" = {now}
            WHERE "Id" = {threadId}
            RETURNING "LastSeq" AS "Value"
            """).ToListAsync(cancellationToken)).Single();

    /// <summary>The message (and, for the opening message, its thread) goes to the search outbox in this unit of work.</summary>
    private void Reindex(Message message)
    {
        search.Changed(MessageSearchSource.Parent(message.ThreadId, message.Seq));
        if (message.Seq == 1)
        {
            search.Changed(ThreadSearchSource.Parent(message.ThreadId));
        }
    }

    private void FlagPersonalData(Message message, bool needsFlag)
    {
        if (needsFlag)
        {
            db.Add(new MessageFlag
            {
                Message = message, Kind = FlagKind.PersonalData, Reason = "The author confirmed posting a phone number or e-mail address.", CreatedAt = Now,
            });
        }
    }

    private async Task<List<string>> AddMentionNotificationsAsync(GroupAccess group, DiscussionThread thread, Message message, ClaimsPrincipal author, CancellationToken cancellationToken)
    {
        if (!message.Body.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }
        var authorId = author.GetUserId();
        var authorName = await db.Users.Where(u => u.Id == authorId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var mentioned = (await groups.GetMembersAsync(group.GroupId, cancellationToken))
            .Where(m => m.UserId != authorId && m.DisplayName.Length > 0 && message.Body.Contains("@" + m.DisplayName, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.UserId).ToList();
        foreach (var userId in mentioned)
        {
            notifier.Add(userId, "mention", $"{authorName} mentioned you in “{thread.Title}”", $"/groups/{group.Slug}/threads/{thread.Id}#m{message.Seq}");
        }
        return mentioned;
    }

    /// <summary>Queues, in the message's transaction, a mail to each person mentioned and to the author of the message it
    /// answers (once: a mention wins). Called after the message is saved, because the mail names it by its id.
    /// Returns whether anything was queued.</summary>
    private async Task<bool> QueueMailsAsync(GroupAccess group, Message message, IReadOnlyCollection<string> mentioned, CancellationToken cancellationToken)
    {
        var subject = DiscussionMailComposer.Subject(message.Id);
        foreach (var userId in mentioned)
        {
            mail.Enqueue(new MailRequest(userId, MailKinds.Mention, group.GroupId, subject));
        }
        var answered = message.ReplyToId is { } replyToId
            ? await db.Set<Message>().AsNoTracking().Where(m => m.Id == replyToId && !m.Deleted).Select(m => m.AuthorId).SingleOrDefaultAsync(cancellationToken)
            : null;
        var replyQueued = answered is not null && answered != message.AuthorId && !mentioned.Contains(answered);
        if (replyQueued)
        {
            mail.Enqueue(new MailRequest(answered!, MailKinds.Reply, group.GroupId, subject));
        }
        return replyQueued || mentioned.Count > 0;
    }

    private async Task<Outcome<(Message Message, ThreadAccess Access)>> FindMessageAsync(long messageId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var message = await db.Set<Message>().SingleOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null)
        {
            return Outcome<(Message, ThreadAccess)>.NotFound("message");
        }
        var access = await AccessAsync(message.ThreadId, user, permission, cancellationToken);
        if (access.Status == OutcomeStatus.NotFound)
        {
            return Outcome<(Message, ThreadAccess)>.NotFound("message");
        }
        return access.Succeeded ? Outcome<(Message, ThreadAccess)>.Ok((message, access.Value!)) : access.Failure<(Message, ThreadAccess)>();
    }

    public Task<IReadOnlyList<MessageDto>> ToDtosAsync(IReadOnlyList<Message> messages, bool canModerate, CancellationToken cancellationToken) =>
        ToDtosAsync(messages, canModerate, reactionsKnownEmpty: false, cancellationToken);

    private async Task<IReadOnlyList<MessageDto>> ToDtosAsync(IReadOnlyList<Message> messages, bool canModerate, bool reactionsKnownEmpty, CancellationToken cancellationToken)
    {
        var authorIds = messages.Select(m => m.AuthorId).Distinct().ToList();
        var replyIds = messages.Where(m => m.ReplyToId is not null).Select(m => m.ReplyToId!.Value).Distinct().ToList();
        var replies = replyIds.Count == 0 ? [] : await db.Set<Message>().AsNoTracking().Where(m => replyIds.Contains(m.Id)).ToListAsync(cancellationToken);
        authorIds.AddRange(replies.Select(r => r.AuthorId));
        var authors = await AuthorsAsync(authorIds.Distinct().ToList(), cancellationToken);
        var reactions = reactionsKnownEmpty ? [] : await ReactionCountsAsync(messages.Select(m => m.Id).ToList(), cancellationToken);

        return messages.Select(m =>
        {
            var visible = !m.Deleted && (!m.Hidden || canModerate);
            var reply = replies.FirstOrDefault(r => r.Id == m.ReplyToId);
            var quote = reply is null ? null : new ReplyQuoteDto(reply.Id, reply.Seq, authors.GetValueOrDefault(reply.AuthorId)?.DisplayName ?? "",
                reply.Deleted || reply.Hidden ? "" : Excerpt(reply.Body));
            return new MessageDto(m.Id, m.ThreadId, m.Seq, authors[m.AuthorId], visible ? m.Body : "", visible ? m.Html : "", m.ReplyToId, m.ClientMessageId,
                Utc(m.CreatedAt), m.EditedAt is { } edited ? Utc(edited) : null, m.Deleted, m.Hidden,
                reactions.GetValueOrDefault(m.Id) ?? EmptyReactions(), quote);
        }).ToList();
    }

    public async Task<Dictionary<string, AuthorDto>> AuthorsAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        (await (from u in db.Users
                join o in db.Organisations on u.OrganisationId equals o.Id
                where userIds.Contains(u.Id)
                select new { u.Id, u.DisplayName, Organisation = o.Name, o.StakeholderType }).ToListAsync(cancellationToken))
        .ToDictionary(a => a.Id, a => new AuthorDto(a.Id, a.DisplayName, a.Organisation, a.StakeholderType.ToWire()));

    private async Task<Dictionary<long, IReadOnlyDictionary<string, int>>> ReactionCountsAsync(IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        var rows = await db.Set<MessageReaction>().Where(r => messageIds.Contains(r.MessageId))
            .GroupBy(r => new { r.MessageId, r.Kind }).Select(g => new { g.Key.MessageId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.MessageId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, int>)Reactions.Kinds.Keys.ToDictionary(k => k, k => g.Where(r => r.Kind == k).Sum(r => r.Count)));
    }

    /// <summary>The reactions a person has given among these messages, so that a page can offer to take them back.</summary>
    public async Task<IReadOnlySet<(long MessageId, string Kind)>> ReactionsGivenAsync(string? userId, IReadOnlyList<long> messageIds, CancellationToken cancellationToken)
    {
        if (userId is null || messageIds.Count == 0)
        {
            return new HashSet<(long, string)>();
        }
        var given = await db.Set<MessageReaction>().AsNoTracking().Where(r => r.UserId == userId && messageIds.Contains(r.MessageId))
            .Select(r => new { r.MessageId, r.Kind }).ToListAsync(cancellationToken);
        return given.Select(r => (r.MessageId, r.Kind)).ToHashSet();
    }

    private static IReadOnlyDictionary<string, int> EmptyReactions() => Reactions.Kinds.Keys.ToDictionary(k => k, _ => 0);

    public static ThreadDto ToDto(DiscussionThread x) =>
        new(x.Id, x.GroupId, x.Title, Utc(x.CreatedAt), Utc(x.LastActivityAt), x.MessageCount, x.Locked, x.LastSeq);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static string Excerpt(string body) => body.Length <= 140 ? body : body[..140] + "…";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
