using ChildForum.Core.Localization;
using System.Globalization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Notifications;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Mail;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Services;

/// <summary>A meeting's actions: recording one (its owner told in the app and by mail) and setting its status, which its
/// owner (the person, or a member of the owning organisation) or a facilitator may do.</summary>
public sealed class ActionService(
    ForumDbContext db, IGroupMembers groups, MeetingAccesses accesses, MeetingTextGuard guard, PeopleViews people, MeetingNotices notices, IAuditLog audit,
    Notifier notifier, IMailOutbox mail, TimeProvider clock, IStringLocalizer<MeetingsResource> t)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<ActionDto>> AddActionAsync(MeetingAccess access, ClaimsPrincipal user, ActionRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<ActionDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var title = validation.RequireText("title", MeetingFormat.Clean(request.Title), ActionItem.TitleMaxLength);
        var due = MeetingTimes.ParseDate("dueDate", request.DueDate, validation);
        await MeetingFormat.CheckAgendaItemAsync(db, meeting, request.AgendaItemId, validation, cancellationToken);
        if (request.OwnerUserId is null == request.OwnerOrganisationId is null)
        {
            validation.Add("ownerUserId", "Give either ownerUserId (a person) or ownerOrganisationId (an organisation), not both.");
        }
        else if (request.OwnerUserId is { } ownerUser && !(await groups.GetMembersAsync(meeting.GroupId, cancellationToken)).Any(m => m.UserId == ownerUser))
        {
            validation.Add("ownerUserId", "This person is not a member of the group.");
        }
        else if (request.OwnerOrganisationId is { } ownerOrganisation && !await db.Organisations.AnyAsync(o => o.Id == ownerOrganisation, cancellationToken))
        {
            validation.Add("ownerOrganisationId", "There is no such organisation.");
        }
        if (!validation.IsValid)
        {
            return Outcome<ActionDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData, new GuardedText("title", title));
        if (!guarded.Allowed)
        {
            return guarded.Failure<ActionDto>();
        }
        var action = new ActionItem
        {
            GroupId = meeting.GroupId, MeetingId = meeting.Id, AgendaItemId = request.AgendaItemId, Title = title!, OwnerUserId = request.OwnerUserId,
            OwnerOrganisationId = request.OwnerOrganisationId, DueDate = due!.Value, Status = ActionStatuses.Open, CreatedAt = Now,
        };
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        db.Add(action);
        audit.Record("meeting.action", Notice.T["Recorded an action of meeting '{0}'", meeting.Title], meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        List<string> told = [.. await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), Notice.T["an action"], cancellationToken)];
        if (request.OwnerUserId is { } owner)
        {
            notifier.Add(owner, "action", Notice.T["New action for you: {0} (due {1})", await notices.ReaderTextAsync(access, action.Title, cancellationToken), action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], $"/groups/{access.Group.Slug}/meetings/{meeting.Id}#actions");
            told.Add(owner);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (request.OwnerUserId is { } assigned)
        {
            // The mail names the action by its id, which the first save gave it; both saves commit together.
            mail.Enqueue(new MailRequest(assigned, MailKinds.ActionAssigned, meeting.GroupId, MeetingMailComposer.ActionSubject(action.Id)));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<ActionDto>.Created((await people.ViewAsync(access, cancellationToken, shown: [action])).Action(action));
    }

    /// <summary>The owner (the person, or a member of the owning organisation) or a facilitator sets the status.</summary>
    public async Task<Outcome<ActionDto>> SetActionStatusAsync(int actionId, ClaimsPrincipal user, ActionStatusRequest request, CancellationToken cancellationToken)
    {
        var (action, decision) = await accesses.CheckActionAsync(actionId, user, GroupPermissions.Read, cancellationToken);
        if (action is null || !decision.Allowed)
        {
            return decision.ToOutcome<ActionDto>();
        }
        var access = decision.Access;
        var facilitates = accesses.Check(access, user, GroupPermissions.Facilitate);
        var userId = user.GetUserId();
        if (!facilitates.Allowed)
        {
            if (userId is null)
            {
                return facilitates.ToOutcome<ActionDto>();
            }
            var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(cancellationToken);
            var owns = action.OwnerUserId == userId
                || (action.OwnerOrganisationId == organisationId && accesses.Check(access, user, GroupPermissions.Contribute).Allowed);
            if (!owns)
            {
                // Ownership is this module's own rule, on top of the group's roles that the access rule decides.
                return Outcome<ActionDto>.Forbidden(t["Only the action's owner or a facilitator may change it."]);
            }
        }
        var status = request.Status?.Trim().ToLowerInvariant();
        if (status is null || !ActionStatuses.All.Contains(status))
        {
            return Outcome<ActionDto>.Invalid("status", "Choose one of: {0}.", string.Join(", ", ActionStatuses.All));
        }
        if (action.Status != status)
        {
            action.Status = status;
            action.ClosedAt = status == ActionStatuses.Open ? null : Now;
            action.ClosedById = status == ActionStatuses.Open ? null : userId;
            audit.Record("meeting.action-status", status switch
                {
                    ActionStatuses.Open => Notice.T["Marked action '{0}' open", action.Title],
                    ActionStatuses.Done => Notice.T["Marked action '{0}' done", action.Title],
                    _ => Notice.T["Marked action '{0}' dropped", action.Title],
                }, action.GroupId, "action", MeetingFormat.Id(action.Id));
            await db.SaveChangesAsync(cancellationToken);
        }
        return Outcome<ActionDto>.Ok((await people.ViewAsync(access, cancellationToken, shown: [action])).Action(action));
    }
}
