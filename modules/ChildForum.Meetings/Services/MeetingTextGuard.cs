using ChildForum.Core.Localization;
using ChildForum.Core.Audit;
using ChildForum.Core.Notifications;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;

namespace ChildForum.Meetings.Services;

/// <summary>The core children's-data guard for every text written in meetings (titles, locations, agenda items,
/// minutes, decisions, actions): an ID number is refused, a phone number or e-mail address needs the author's
/// <c>confirmPersonalData</c>, and once confirmed the group's other facilitators are told in the same unit of work.</summary>
public sealed class MeetingTextGuard(PersonalDataGuard guard, IGroupMembers groups, Notifier notifier, IAuditLog audit)
{
    public GuardResult Check(bool? confirmed, params ReadOnlySpan<GuardedText> texts) => guard.Check(confirmed == true, texts);

    /// <summary>When the author confirmed personal data: a notification to each other facilitator of the group and an audit
    /// entry, both saved with the change. Returns who was told (push their counts after saving).</summary>
    public async Task<IReadOnlyList<string>> FlagAsync(GuardResult result, Meeting meeting, string groupSlug, string? authorId, NoticeText where, CancellationToken cancellationToken)
    {
        if (!result.NeedsFlag)
        {
            return [];
        }
        var facilitators = (await groups.GetMembersAsync(meeting.GroupId, cancellationToken))
            .Where(m => m.Role == GroupRole.Facilitator && m.UserId != authorId).Select(m => m.UserId).ToList();
        foreach (var facilitator in facilitators)
        {
            notifier.Add(facilitator, "personal-data", Notice.T["Confirmed as not a child's: a phone number or e-mail address in {0} of meeting '{1}'", where, meeting.Title],
                $"/groups/{groupSlug}/meetings/{meeting.Id}");
        }
        audit.Record("meeting.personal-data-confirmed", Notice.T["Confirmed a phone number or e-mail address in {0} of meeting '{1}'", where, meeting.Title],
            meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        return facilitators;
    }
}
