using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Mail;

/// <summary>The open actions due in a period, each with the people it reminds: its owner, or every member of the group who
/// belongs to the owning organisation. Done and dropped actions remind nobody; an owner who has left the group is not
/// reminded (and the composer asks the access rule again at send time).</summary>
public sealed class MeetingReminderSource(ForumDbContext db, IGroupMembers groups) : IMailReminderSource
{
    public async Task<IReadOnlyList<MailReminder>> DueBetweenAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var actions = await db.Set<ActionItem>().AsNoTracking()
            .Where(a => a.Status == ActionStatuses.Open && a.DueDate >= from && a.DueDate <= to)
            .Select(a => new { a.Id, a.GroupId, a.OwnerUserId, a.OwnerOrganisationId, a.DueDate })
            .ToListAsync(cancellationToken);
        var reminders = new List<MailReminder>();
        foreach (var group in actions.GroupBy(a => a.GroupId))
        {
            var members = (await groups.GetMembersAsync(group.Key, cancellationToken)).Select(m => m.UserId).ToList();
            var organisations = group.Any(a => a.OwnerOrganisationId is not null)
                ? await db.Users.AsNoTracking().Where(u => members.Contains(u.Id)).Select(u => new { u.Id, u.OrganisationId }).ToListAsync(cancellationToken)
                : [];
            foreach (var action in group)
            {
                var owners = action.OwnerUserId is { } owner
                    ? members.Where(m => m == owner)
                    : organisations.Where(u => u.OrganisationId == action.OwnerOrganisationId).Select(u => u.Id);
                reminders.AddRange(owners.Select(userId => new MailReminder(userId, group.Key, MeetingMailComposer.ActionSubject(action.Id), action.DueDate)));
            }
        }
        return reminders;
    }
}
