using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>A meeting together with the caller's access to its group.</summary>
public sealed record MeetingAccess(Meeting Meeting, GroupAccess Group)
{
    /// <summary>Facilitators (and administrators) see people by name under Chatham House, drafts and withheld versions.</summary>
    public bool Facilitates => AccessRule.Allows(Group, GroupPermissions.Facilitate);
}

/// <summary>The core <see cref="AccessRule"/>'s decision about a meeting, and the meeting when the caller may read it.</summary>
public sealed record MeetingDecision(AccessDecision Decision, MeetingAccess? Access, string What = "meeting")
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Access))]
    public bool Allowed => Decision.Allowed && Access is not null;

    public Outcome<T> ToOutcome<T>() => Decision.Refusal == AccessRefusal.NotFound ? Outcome<T>.NotFound(What) : Decision.ToOutcome<T>();
}

/// <summary>Loads a meeting or an action and asks the one access rule about its group: an unreadable meeting answers
/// exactly like a missing one.</summary>
public sealed class MeetingAccesses(ForumDbContext db, AccessRule rule)
{
    public async Task<MeetingDecision> CheckAsync(int meetingId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var meeting = await MeetingById.For(db)(db, meetingId, cancellationToken);
        return await CheckAsync(meeting, user, permission, "meeting", cancellationToken);
    }

    /// <summary>The decision about an action's meeting; a refusal to read names the action, not the meeting.</summary>
    public async Task<(ActionItem? Action, MeetingDecision Decision)> CheckActionAsync(int actionId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var action = await db.Set<ActionItem>().SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
        var meeting = action is null ? null : await MeetingById.For(db)(db, action.MeetingId, cancellationToken);
        return (action, await CheckAsync(meeting, user, permission, "action", cancellationToken));
    }

    /// <summary>The meeting, tracked (a change to it starts here). Every meeting page and call asks it first, so it is a
    /// compiled query: EF Core skips building its cache key and extracting its parameter on each call.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, CancellationToken, Task<Meeting?>>> MeetingById = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int meetingId, CancellationToken cancellationToken) => db.Set<Meeting>().SingleOrDefault(m => m.Id == meetingId)));

    /// <summary>Another permission for a meeting already loaded (e.g. "may this owner change the action").</summary>
    public AccessDecision Check(MeetingAccess access, ClaimsPrincipal user, GroupPermission permission) =>
        rule.Check(user, access.Group, permission, "meeting");

    private async Task<MeetingDecision> CheckAsync(Meeting? meeting, ClaimsPrincipal user, GroupPermission permission, string what, CancellationToken cancellationToken)
    {
        var decision = meeting is null ? rule.Check(user, null, permission, what) : await rule.CheckAsync(user, meeting.GroupId, permission, what, cancellationToken);
        return new MeetingDecision(decision, decision.Access is { } readable ? new MeetingAccess(meeting!, readable) : null, what);
    }
}
