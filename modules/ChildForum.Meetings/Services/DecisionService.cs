using ChildForum.Core.Localization;
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

/// <summary>A meeting's decisions: text through the children's-data guard, optionally tied to an agenda item.</summary>
public sealed class DecisionService(ForumDbContext db, MeetingTextGuard guard, IAuditLog audit, Notifier notifier, TimeProvider clock, IStringLocalizer<MeetingsResource> t)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<DecisionDto>> AddDecisionAsync(MeetingAccess access, ClaimsPrincipal user, DecisionRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<DecisionDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var text = validation.RequireText("text", MeetingFormat.Clean(request.Text), Decision.TextMaxLength);
        await MeetingFormat.CheckAgendaItemAsync(db, meeting, request.AgendaItemId, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<DecisionDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData, new GuardedText("text", text));
        if (!guarded.Allowed)
        {
            return guarded.Failure<DecisionDto>();
        }
        var decision = new Decision { MeetingId = meeting.Id, AgendaItemId = request.AgendaItemId, Text = text!, CreatedById = user.GetUserId()!, CreatedAt = Now };
        db.Add(decision);
        audit.Record("meeting.decision", Notice.T["Recorded a decision of meeting '{0}'", meeting.Title], meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        var told = await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), Notice.T["a decision"], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<DecisionDto>.Created(new DecisionDto(decision.Id, decision.AgendaItemId, decision.Text, MeetingFormat.Utc(decision.CreatedAt)));
    }
}
