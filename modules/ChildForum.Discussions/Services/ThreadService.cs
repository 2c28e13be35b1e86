using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Discussions.Hubs;
using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>Threads: the list of a group, a new thread with its opening message, and the lock a facilitator sets.</summary>
public sealed class ThreadService(
    ForumDbContext db,
    MessageBodies bodies,
    MessageRecords records,
    MessageNotifications notifications,
    MessageDtoBuilder dtos,
    IHubContext<DiscussionHub, IDiscussionClient> hub,
    IAuditLog audit,
    ISearchOutbox search,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<ThreadDto>> ListThreadsAsync(int groupId, CancellationToken cancellationToken) =>
        (await ThreadsOf.For(db)(db, groupId).ToListAsync(cancellationToken))
            .OrderByDescending(x => x.LastActivityAt).Select(MessageDtoBuilder.ToDto).ToList();

    /// <summary>Compiled: the group page asks it on every request.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<DiscussionThread>>> ThreadsOf = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int groupId) => db.Set<DiscussionThread>().AsNoTracking().Where(x => x.GroupId == groupId)));

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

        var now = clock.GetUtcNow().UtcDateTime;
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
        records.FlagPersonalData(message, checkedBody.NeedsFlag);
        var mentioned = await notifications.AddMentionNotificationsAsync(group, thread, message, user, cancellationToken);
        audit.Record("thread.created", Notice.T["Started thread '{0}'", thread.Title], group.GroupId, "thread", DiscussionText.Id(thread.Id));
        search.Changed(ThreadSearchSource.Parent(thread.Id));
        search.Changed(MessageSearchSource.Parent(thread.Id, 1));
        await db.SaveChangesAsync(cancellationToken);
        if (await notifications.QueueMailsAsync(group, message, mentioned, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        await notifications.PushCountsAsync(mentioned, cancellationToken);
        return Outcome<(ThreadDto, MessageDto)>.Created((MessageDtoBuilder.ToDto(thread), (await dtos.ToDtosAsync([message], canModerate: false, reactionsKnownEmpty: true, cancellationToken))[0]));
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
        audit.Record(locked ? "thread.locked" : "thread.unlocked", locked ? Notice.T["Locked thread '{0}'", thread.Title] : Notice.T["Unlocked thread '{0}'", thread.Title], thread.GroupId, "thread", DiscussionText.Id(thread.Id));
        await db.SaveChangesAsync(cancellationToken);
        await hub.Clients.Group(DiscussionHub.ThreadGroup(thread.Id)).ThreadLockChanged(new ThreadLockChangedDto(thread.Id, locked));
        return Outcome<bool>.Ok(true);
    }
}
