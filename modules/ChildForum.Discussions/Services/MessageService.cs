using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Discussions.Hubs;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace ChildForum.Discussions.Services;

/// <summary>Messages: reading a thread's messages, posting, editing and deleting one — the one implementation behind the
/// API, the hub, the page and replies by e-mail. A message is stored (seq assigned in the same transaction) before
/// anyone is told about it.</summary>
public sealed class MessageService(
    ForumDbContext db,
    ThreadAccessResolver resolver,
    MessageBodies bodies,
    MessageRecords records,
    MessageNotifications notifications,
    MessageDtoBuilder dtos,
    IHubContext<DiscussionHub, IDiscussionClient> hub,
    MessageWriteQueue writes,
    IAuditLog audit,
    ISearchOutbox search,
    TimeProvider clock,
    ILogger<MessageService> logger,
    IStringLocalizer<DiscussionsResource> t)
{
    public const int ClientMessageIdMaxLength = 100;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

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
        return Outcome<MessagePageDto>.Ok(new MessagePageDto(await dtos.ToDtosAsync(messages, ThreadAccessResolver.CanModerate(access.Group), cancellationToken)));
    }

    /// <summary>The newest <paramref name="count"/> messages, oldest first: the server-rendered history of the thread page.</summary>
    public async Task<IReadOnlyList<MessageDto>> LatestMessagesAsync(ThreadAccess access, int count, CancellationToken cancellationToken)
    {
        var messages = await MessagesAfter.For(db)(db, access.Thread.Id, access.Thread.LastSeq - count).ToListAsync(cancellationToken);
        return await dtos.ToDtosAsync(messages, ThreadAccessResolver.CanModerate(access.Group), cancellationToken);
    }

    /// <summary>Stores a message and then broadcasts it. The same clientMessageId from the same person returns the
    /// stored message (Ok rather than Created) without storing or broadcasting it again.</summary>
    public async Task<Outcome<MessageDto>> PostAsync(int threadId, ClaimsPrincipal user, PostMessageRequest request, CancellationToken cancellationToken)
    {
        var access = await resolver.AccessAsync(threadId, user, GroupPermissions.Contribute, cancellationToken);
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
        if (clientMessageId is not null && await ByClientMessageId.For(db)(db, userId, clientMessageId, cancellationToken) is { } stored)
        {
            return stored.ThreadId == thread.Id
                ? Outcome<MessageDto>.Ok((await dtos.ToDtosAsync([stored], ThreadAccessResolver.CanModerate(group), cancellationToken))[0])
                : Outcome<MessageDto>.Conflict(t["This clientMessageId was already used for a message in another thread; use a new one for each message."]);
        }
        var body = bodies.Prepare(request.Body, validation, out var tooLong);
        if (tooLong is not null)
        {
            return tooLong.Failure<MessageDto>();
        }
        if (request.ReplyToId is { } replyTo && !await ReplyTarget.For(db)(db, replyTo, thread.Id, cancellationToken))
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
        var post = new QueuedMessage(message, group, thread, user, checkedBody.NeedsFlag);
        await writes.WriteAsync(post, WriteBatchAsync);
        switch (post.Result)
        {
            case null:
                throw new InvalidOperationException("A queued message was left unsettled by its batch.");
            case { Error: { } error }:
                // One exception may settle several posts of a batch: each request throws its own.
                throw new InvalidOperationException("The message could not be stored.", error);
            case { Raced: { } raced }:
                return Outcome<MessageDto>.Ok((await dtos.ToDtosAsync([raced], ThreadAccessResolver.CanModerate(group), cancellationToken))[0]);
            case { ThreadGone: true }:
                return Outcome<MessageDto>.NotFound("thread");
        }

        // A message stored a moment ago has no reactions yet: its DTO needs no reaction query.
        var dto = (await dtos.ToDtosAsync([message], canModerate: false, reactionsKnownEmpty: true, cancellationToken))[0];
        // The send to every open page of the thread is under way (each connection's frame is queued in order) when this
        // returns; the poster's answer does not wait until the slowest reader's socket has taken it.
        var broadcast = hub.Clients.Group(DiscussionHub.ThreadGroup(thread.Id)).MessagePosted(dto);
        if (!broadcast.IsCompletedSuccessfully)
        {
            _ = broadcast.ContinueWith(failed => logger.LogWarning(failed.Exception, "Broadcasting message {MessageId} failed.", message.Id),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        await notifications.PushCountsAsync(post.Mentioned, cancellationToken);
        return Outcome<MessageDto>.Created(dto);
    }

    /// <summary>Writes a batch of posts (<see cref="MessageWriteQueue"/>) with this request's services: in one transaction,
    /// or, when it fails (a retry racing its first attempt on the unique author + clientMessageId, a thread gone), each
    /// in its own, so that only the post at fault fails. Not cancelled by this request: the batch holds others' posts.</summary>
    private async Task WriteBatchAsync(IReadOnlyList<QueuedMessage> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                await WriteInOneTransactionAsync(batch);
                return;
            }
            catch (Exception)
            {
                db.ChangeTracker.Clear();
            }
        }
        foreach (var post in batch)
        {
            try
            {
                await WriteInOneTransactionAsync([post]);
            }
            catch (Exception exception)
            {
                db.ChangeTracker.Clear();
                var raced = exception is DbUpdateException
                    ? await ByClientMessageId.For(db)(db, post.Message.AuthorId, post.Message.ClientMessageId, CancellationToken.None)
                    : null;
                post.Settle(exception is ThreadGoneException ? QueuedMessage.Outcome.Gone
                    : raced is null ? QueuedMessage.Outcome.Failed(exception) : QueuedMessage.Outcome.RacedBy(raced));
            }
        }
    }

    private async Task WriteInOneTransactionAsync(IReadOnlyList<QueuedMessage> batch)
    {
        var none = CancellationToken.None;
        await using var transaction = await db.Database.BeginTransactionAsync(none);
        // Thread by thread (in the order they came within each): the UPDATE of a thread's next seq holds its row until
        // commit, and batches on several nodes that lock rows in one order cannot deadlock.
        foreach (var post in batch.OrderBy(p => p.Message.ThreadId))
        {
            var message = post.Message;
            message.Id = 0; // a fresh insert after a batch that failed
            message.Seq = await TakeNextSeqAsync(message.ThreadId, message.CreatedAt, none) ?? throw new ThreadGoneException();
            db.Add(message);
            records.FlagPersonalData(message, post.NeedsFlag);
            search.Changed(MessageSearchSource.Parent(message.ThreadId, message.Seq));
            post.Mentioned = await notifications.AddMentionNotificationsAsync(post.Group, post.Thread, message, post.Author, none);
        }
        await db.SaveChangesAsync(none);
        var mailed = false;
        foreach (var post in batch)
        {
            mailed |= await notifications.QueueMailsAsync(post.Group, post.Message, post.Mentioned, none);
        }
        if (mailed)
        {
            await db.SaveChangesAsync(none);
        }
        await transaction.CommitAsync(none);
        foreach (var post in batch)
        {
            post.Settle(QueuedMessage.Outcome.Stored);
        }
    }

    public async Task<Outcome<MessageDto>> EditAsync(long messageId, ClaimsPrincipal user, EditMessageRequest request, CancellationToken cancellationToken)
    {
        var found = await resolver.FindMessageAsync(messageId, user, GroupPermissions.Contribute, cancellationToken);
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
            return Outcome<MessageDto>.Ok((await dtos.ToDtosAsync([message], canModerate: false, cancellationToken))[0]);
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
        records.FlagPersonalData(message, checkedBody.NeedsFlag);
        records.Reindex(message);
        await db.SaveChangesAsync(cancellationToken);
        var dto = (await dtos.ToDtosAsync([message], canModerate: false, cancellationToken))[0];
        await hub.Clients.Group(DiscussionHub.ThreadGroup(message.ThreadId)).MessageEdited(dto);
        return Outcome<MessageDto>.Ok(dto);
    }

    /// <summary>Soft deletion by the author or a facilitator: the message stays in the sequence as "deleted".</summary>
    public async Task<Outcome<bool>> DeleteAsync(long messageId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await resolver.FindMessageAsync(messageId, user, GroupPermissions.Read, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<bool>();
        }
        var (message, access) = found.Value;
        var isAuthor = message.AuthorId == user.GetUserId() && AccessRule.Allows(access.Group, GroupPermissions.Contribute);
        if (!isAuthor && !ThreadAccessResolver.CanModerate(access.Group))
        {
            return user.GetUserId() is null ? Outcome<bool>.Unauthorized(t[AccessRule.SignInSentence]) : Outcome<bool>.Forbidden(t["Only the author or a facilitator may delete a message."]);
        }
        if (message.Deleted)
        {
            return Outcome<bool>.Ok(false);
        }
        message.Deleted = true;
        records.Reindex(message);
        if (!isAuthor)
        {
            audit.Record("message.deleted", Notice.T["Deleted message #{0} in '{1}'", message.Seq, access.Thread.Title], access.Thread.GroupId, "message", DiscussionText.Id(message.Id));
        }
        await db.SaveChangesAsync(cancellationToken);
        await hub.Clients.Group(DiscussionHub.ThreadGroup(message.ThreadId)).MessageDeleted(new MessageDeletedDto(message.ThreadId, message.Id));
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Takes the thread's next seq and counts the message in one round trip: the UPDATE holds the thread's row
    /// until commit, so posts to one thread queue here (gapless, no retries), and RETURNING hands back the seq it wrote.
    /// Raw SQL because EF's ExecuteUpdate cannot return a value; both SQLite (3.35+) and PostgreSQL take this form. The
    /// table and column names come from the EF model, quoted by the provider, so a renamed property or table cannot
    /// leave this statement behind. Null when the thread is gone (deleted after the post's access check).</summary>
    private async Task<int?> TakeNextSeqAsync(int threadId, DateTime now, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<int>(NextSeqSql.For(db), now, threadId).ToListAsync(cancellationToken) is [var seq] ? seq : null;

    /// <summary>The thread of a post was deleted while the post waited to be written.</summary>
    private sealed class ThreadGoneException : Exception;

    /// <summary>The statement of each model (one per database provider), built once.</summary>
    private static readonly PerModel<string> NextSeqSql = new(BuildNextSeqSql);

    /// <summary>The thread's messages after a seq, in order: every thread page asks it, so it is compiled.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, int, IAsyncEnumerable<Message>>> MessagesAfter = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, int, Message>(
        (ForumDbContext db, int threadId, int afterSeq) => db.Set<Message>().AsNoTracking().Where(m => m.ThreadId == threadId && m.Seq > afterSeq).OrderBy(m => m.Seq)));

    // Every post asks these, so they are compiled queries (one per model): EF Core builds neither the query's expression
    // tree nor its cache key on each call. Perf of the live benchmark showed both at about 5% of a post's own CPU.
    private static readonly PerModel<Func<ForumDbContext, string, string, CancellationToken, Task<Message?>>> ByClientMessageId = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, string authorId, string clientMessageId, CancellationToken cancellationToken) =>
            db.Set<Message>().AsNoTracking().SingleOrDefault(m => m.AuthorId == authorId && m.ClientMessageId == clientMessageId)));

    private static readonly PerModel<Func<ForumDbContext, long, int, CancellationToken, Task<bool>>> ReplyTarget = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, long messageId, int threadId, CancellationToken cancellationToken) =>
            db.Set<Message>().Any(m => m.Id == messageId && m.ThreadId == threadId)));

    private static string BuildNextSeqSql(DbContext db)
    {
        var thread = db.Model.FindEntityType(typeof(DiscussionThread))!;
        var table = StoreObjectIdentifier.Table(thread.GetTableName()!, thread.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(thread.FindProperty(property)!.GetColumnName(table)!);
        var lastSeq = Column(nameof(DiscussionThread.LastSeq));
        var count = Column(nameof(DiscussionThread.MessageCount));
        // {0} and {1} become parameters (SqlQueryRaw); the names are the model's own, never input.
        return $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {lastSeq} = {lastSeq} + 1, {count} = {count} + 1, "
            + $"{Column(nameof(DiscussionThread.LastActivityAt))} = {{0}} WHERE {Column(nameof(DiscussionThread.Id))} = {{1}} RETURNING {lastSeq} AS {sql.DelimitIdentifier("Value")}";
    }
}
