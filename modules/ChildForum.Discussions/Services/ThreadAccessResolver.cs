using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Services;

/// <summary>A thread together with the caller's access to its group.</summary>
public sealed record ThreadAccess(DiscussionThread Thread, GroupAccess Group);

/// <summary>Finds a thread or message and asks <see cref="AccessRule"/> about the caller, so that every discussion
/// service answers "not found" and "not allowed" the same way.</summary>
public sealed class ThreadAccessResolver(ForumDbContext db, AccessRule rule)
{
    /// <summary>Loads the thread and asks <see cref="AccessRule"/> whether the caller may do <paramref name="permission"/>
    /// in its group: an unknown thread and one in a group the caller may not read are both "not found".</summary>
    public async Task<Outcome<ThreadAccess>> AccessAsync(int threadId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var thread = await ThreadById.For(db)(db, threadId, cancellationToken);
        if (thread is null)
        {
            return Outcome<ThreadAccess>.NotFound("thread");
        }
        var decision = await rule.CheckAsync(user, thread.GroupId, permission, cancellationToken);
        return decision.Allowed ? Outcome<ThreadAccess>.Ok(new ThreadAccess(thread, decision.Group))
            : decision.Refusal == AccessRefusal.NotFound ? Outcome<ThreadAccess>.NotFound("thread")
            : decision.ToOutcome<ThreadAccess>();
    }

    /// <summary>Loads the message (tracked, for the caller to change) and its thread's access: a message in a thread the
    /// caller may not read is "not found" like an unknown one.</summary>
    public async Task<Outcome<(Message Message, ThreadAccess Access)>> FindMessageAsync(long messageId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
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

    public static bool CanModerate(GroupAccess group) => AccessRule.Allows(group, GroupPermissions.Facilitate);

    /// <summary>The thread, tracked (a post changes it). Every thread page, post and hub join asks it, so it is a compiled
    /// query: EF Core skips building its cache key and extracting its parameter on each call.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, CancellationToken, Task<DiscussionThread?>>> ThreadById = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int threadId, CancellationToken cancellationToken) => db.Set<DiscussionThread>().SingleOrDefault(x => x.Id == threadId)));
}
