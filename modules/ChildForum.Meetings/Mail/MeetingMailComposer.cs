using System.Globalization;
using System.Net.Mail;
using System.Text;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Mail;

/// <summary>The mails about a meeting (agenda published, changed, cancelled, minutes published) and an action assigned to
/// a person, due soon or overdue. Each is composed from <see cref="MeetingReader.GetAsync"/> with the recipient's own access: the reader path
/// of the pages, so a Chatham House meeting is mailed without names to readers, and a person who can no longer read the
/// group gets nothing. Agenda, change and cancellation carry the meeting as an iTIP calendar part.</summary>
public sealed class MeetingMailComposer(
    MeetingReader meetings, PeopleViews people, MeetingAccesses accesses, CalendarService calendar, IConfiguration configuration, IStringLocalizer<MeetingsResource> t) : IMailComposer
{
    public static string Subject(int meetingId) => "meeting:" + meetingId.ToString(CultureInfo.InvariantCulture);

    public static string ActionSubject(int actionId) => "action:" + actionId.ToString(CultureInfo.InvariantCulture);

    public bool Composes(string kind) =>
        kind is MailKinds.Agenda or MailKinds.MeetingChanged or MailKinds.MeetingCancelled or MailKinds.Minutes
            or MailKinds.ActionAssigned or MailKinds.ActionDue or MailKinds.ActionOverdue;

    public async Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        if (context.Request.Kind is MailKinds.ActionAssigned or MailKinds.ActionDue or MailKinds.ActionOverdue)
        {
            return await ActionAsync(context, cancellationToken);
        }
        if (MailText.SubjectId(context.Request.Subject, "meeting") is not { } id || id > int.MaxValue)
        {
            return null;
        }
        var decision = await accesses.CheckAsync((int)id, context.Principal, GroupPermissions.Read, cancellationToken);
        if (!decision.Allowed)
        {
            return null;
        }
        var access = decision.Access;
        var meeting = await meetings.GetAsync(access, cancellationToken);
        var cancelled = meeting.Status == MeetingStatuses.Cancelled;
        var link = context.Link(MeetingFormat.MeetingUrl(access));
        return context.Request.Kind switch
        {
            // A meeting cancelled before its agenda or change went out: only the cancellation is worth a mail.
            MailKinds.Agenda when !cancelled && meeting.AgendaPublished =>
                await WithCalendarAsync(context, access, new MailContent(t["Agenda: {0}", meeting.Title],
                    Body(t["The agenda of this meeting of {0} is published.", access.Group.Name], meeting, link, agenda: true)), cancellationToken),
            MailKinds.MeetingChanged when !cancelled =>
                await WithCalendarAsync(context, access, new MailContent(t["Meeting changed: {0}", meeting.Title],
                    Body(t["This meeting of {0} has changed. Your calendar is updated by the attached invitation.", access.Group.Name], meeting, link, agenda: true)), cancellationToken),
            MailKinds.MeetingCancelled when cancelled =>
                await WithCalendarAsync(context, access, new MailContent(t["Meeting cancelled: {0}", meeting.Title],
                    Body(t["This meeting of {0} is cancelled.", access.Group.Name], meeting, link, agenda: false)), cancellationToken),
            MailKinds.Minutes when meeting.Minutes?.Body is { } minutes =>
                new MailContent(t["Minutes: {0}", meeting.Title], Minutes(access, meeting, minutes, link)),
            _ => null,
        };
    }

    /// <summary>An action assigned, due soon or overdue: only to its owner (the person, or a member of the owning
    /// organisation), only while it is open, and a reminder only for the due date it was queued for (a moved date has
    /// a reminder of its own). The action is named as the meeting's readers read it (Chatham House: no names).</summary>
    private async Task<MailContent?> ActionAsync(MailContext context, CancellationToken cancellationToken)
    {
        if (MailText.SubjectId(context.Request.Subject, "action") is not { } id || id > int.MaxValue)
        {
            return null;
        }
        var (action, decision) = await accesses.CheckActionAsync((int)id, context.Principal, GroupPermissions.Read, cancellationToken);
        var kind = context.Request.Kind;
        if (action is null || !decision.Allowed || action.Status != ActionStatuses.Open || !Owns(action, context.Recipient)
            || (kind != MailKinds.ActionAssigned && MailReminders.DueDate(context.Request.Data) != action.DueDate))
        {
            return null;
        }
        var access = decision.Access;
        var shown = (await people.ViewAsync(access, cancellationToken, shown: [action])).Action(action);
        var meeting = await meetings.GetAsync(access, cancellationToken);
        var due = shown.DueDate.ToString("D", CultureInfo.CurrentCulture);
        var (subject, intro) = kind switch
        {
            MailKinds.ActionDue => (t["Action due {1}: {0}", shown.Title, due], t["An action of the meeting “{0}” in {1} is due soon.", meeting.Title, access.Group.Name]),
            MailKinds.ActionOverdue => (t["Action overdue: {0}", shown.Title], t["An action of the meeting “{0}” in {1} is past its due date and still open.", meeting.Title, access.Group.Name]),
            _ => (t["New action for you: {0}", shown.Title], t["An action of the meeting “{0}” in {1} is yours.", meeting.Title, access.Group.Name]),
        };
        var body = new StringBuilder().Append(MailText.Escape(intro)).Append("\n\n");
        if (action.OwnerUserId is null)
        {
            body.Append(MailText.Escape(t["It is your organisation's action."])).Append("\n\n");
        }
        body.Append("**").Append(MailText.Escape(shown.Title)).Append("**\n\n")
            .Append(MailText.Escape(t["Due date: {0}", due])).Append("\n\n")
            .Append('[').Append(MailText.Escape(t["Open the action on the meeting's page"])).Append("](")
            .Append(context.Link(MeetingFormat.MeetingUrl(access) + "#action-" + action.Id.ToString(CultureInfo.InvariantCulture))).Append(')');
        return new MailContent(subject, body.ToString());
    }

    private static bool Owns(ActionItem action, ForumUser recipient) =>
        action.OwnerUserId is { } owner ? owner == recipient.Id : action.OwnerOrganisationId == recipient.OrganisationId;

    /// <summary>What, when and where, the agenda as readers see it, and the link to the meeting's page.</summary>
    private string Body(string intro, MeetingDto meeting, string link, bool agenda)
    {
        var body = new StringBuilder();
        body.Append(MailText.Escape(intro)).Append("\n\n");
        body.Append("**").Append(MailText.Escape(meeting.Title)).Append("**\n\n");
        body.Append("- ").Append(MailText.Escape(t["When"])).Append(": ").Append(MailText.Escape(When(meeting))).Append('\n');
        if (!string.IsNullOrEmpty(meeting.Location))
        {
            body.Append("- ").Append(MailText.Escape(t["Where"])).Append(": ").Append(MailText.Escape(meeting.Location)).Append('\n');
        }
        if (meeting.OnlineUrl is { } online && Uri.TryCreate(online, UriKind.Absolute, out var onlineUri))
        {
            body.Append("- ").Append(MailText.Escape(t["Online"])).Append(": <").Append(onlineUri.AbsoluteUri).Append(">\n");
        }
        if (agenda && meeting.Agenda is { Count: > 0 } items)
        {
            body.Append("\n### ").Append(MailText.Escape(t["Agenda"])).Append("\n\n");
            foreach (var item in items)
            {
                var title = item.ReviewsActions ? t[MeetingService.ReviewTitle].Value : item.Title;
                body.Append(item.Position == 0 ? "- " : item.Position.ToString(CultureInfo.InvariantCulture) + ". ").Append(MailText.Escape(title));
                if (!string.IsNullOrEmpty(item.Presenter))
                {
                    body.Append(" (").Append(MailText.Escape(item.Presenter)).Append(')');
                }
                if (item.DurationMinutes is { } minutes)
                {
                    body.Append(" — ").Append(MailText.Escape(t["{0} min", minutes]));
                }
                body.Append('\n');
            }
        }
        body.Append("\n[").Append(MailText.Escape(t["Open the meeting"])).Append("](").Append(link).Append(")\n");
        return body.ToString();
    }

    /// <summary>The minutes as published for readers (under Chatham House already without names), after a short intro.</summary>
    private string Minutes(MeetingAccess access, MeetingDto meeting, string minutes, string link) =>
        new StringBuilder()
            .Append(MailText.Escape(t["The minutes of “{0}” ({1}) in {2} are published.", meeting.Title, meeting.StartsAt.ToString("D", CultureInfo.CurrentCulture), access.Group.Name]))
            .Append("\n\n[").Append(MailText.Escape(t["Read the minutes on the site"])).Append("](").Append(link).Append("#minutes)\n\n---\n\n")
            .Append(minutes.Trim()).Append('\n')
            .ToString();

    private string When(MeetingDto meeting)
    {
        var culture = CultureInfo.CurrentCulture;
        var end = meeting.EndsAt.Date == meeting.StartsAt.Date ? meeting.EndsAt.ToString("t", culture) : meeting.EndsAt.ToString("f", culture);
        return $"{meeting.StartsAt.ToString("f", culture)} – {end} ({meeting.TimeZone})";
    }

    private async Task<MailContent> WithCalendarAsync(MailContext context, MeetingAccess access, MailContent content, CancellationToken cancellationToken)
    {
        var cancel = context.Request.Kind == MailKinds.MeetingCancelled;
        var file = await calendar.InvitationAsync(access, context.Link("/").TrimEnd('/'), cancel, Organizer(access),
            new CalendarPerson(context.Recipient.Email ?? "", context.Recipient.DisplayName), cancellationToken);
        var method = cancel ? "CANCEL" : "REQUEST";
        return content with
        {
            Attachments = [new MailAttachment("invite.ics", $"text/calendar; method={method}; charset=utf-8", Encoding.UTF8.GetBytes(file))],
        };
    }

    /// <summary>iTIP names an organiser: the site's sender address (<c>Mail:From</c>), shown with the group's name.</summary>
    private CalendarPerson? Organizer(MeetingAccess access) =>
        MailAddress.TryCreate(configuration["Mail:From"], out var from) ? new CalendarPerson(from.Address, access.Group.Name) : null;
}
