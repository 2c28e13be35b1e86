using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Discussions.Hubs;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Services;

/// <summary>Moderation: members flag messages, facilitators see the open flags, hide or show a message again and dismiss
/// a flag. Every step a facilitator takes is in the audit log.</summary>
public sealed class ModerationService(
    ForumDbContext db,
    ThreadAccessResolver resolver,
    PersonalDataGuard guard,
    MessageRecords records,
    MessageDtoBuilder dtos,
    IHubContext<DiscussionHub, IDiscussionClient> hub,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<DiscussionsResource> t)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<bool>> FlagAsync(long messageId, ClaimsPrincipal user, FlagRequest request, CancellationToken cancellationToken)
    {
        var found = await resolver.FindMessageAsync(messageId, user, GroupPermissions.Contribute, cancellationToken);
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
        audit.Record("message.flagged", Notice.T["Flagged message #{0} in '{1}': {2}", found.Value.Message.Seq, found.Value.Access.Thread.Title, reason], found.Value.Access.Thread.GroupId, "message", DiscussionText.Id(messageId));
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
            r.f.Kind == FlagKind.PersonalData ? "personal-data" : "member", r.f.Reason, r.Flagger, DiscussionText.Utc(r.f.CreatedAt), DiscussionText.Excerpt(r.Body), r.Hidden)).ToList();
    }

    public async Task<Outcome<bool>> SetHiddenAsync(long messageId, bool hidden, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await resolver.FindMessageAsync(messageId, user, GroupPermissions.Facilitate, cancellationToken);
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
            records.Reindex(message);
        }
        if (changed)
        {
            audit.Record(hidden ? "message.hidden" : "message.unhidden", hidden ? Notice.T["Hid message #{0} in '{1}'", message.Seq, access.Thread.Title] : Notice.T["Showed message #{0} in '{1}' again", message.Seq, access.Thread.Title], access.Thread.GroupId, "message", DiscussionText.Id(messageId));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (changed)
        {
            await hub.Clients.Group(DiscussionHub.ThreadGroup(message.ThreadId)).MessageEdited((await dtos.ToDtosAsync([message], canModerate: false, cancellationToken))[0]);
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
        var found = await resolver.FindMessageAsync(flag.MessageId, user, GroupPermissions.Facilitate, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Failure<bool>();
        }
        if (flag.ResolvedAt is null)
        {
            flag.ResolvedAt = Now;
            flag.ResolvedById = user.GetUserId();
            audit.Record("flag.dismissed", Notice.T["Dismissed a flag on message #{0} in '{1}'", found.Value.Message.Seq, found.Value.Access.Thread.Title], found.Value.Access.Thread.GroupId, "message", DiscussionText.Id(flag.MessageId));
            await db.SaveChangesAsync(cancellationToken);
        }
        return Outcome<bool>.Ok(true);
    }
}
