using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Meetings.Components;

/// <summary>The group page's "Meetings" section: upcoming and recent meetings, open actions (overdue ones marked), the calendar.</summary>
public sealed class GroupMeetingsViewComponent(MeetingService meetings, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group)
    {
        var all = await meetings.ListAsync(group, HttpContext.RequestAborted);
        var now = clock.GetUtcNow();
        var actions = (await meetings.GroupActionsAsync(group, HttpContext.User, ActionStatuses.Open, HttpContext.RequestAborted)).Value ?? [];
        return View("/Areas/Meetings/Pages/Shared/_GroupMeetings.cshtml", new GroupMeetingsModel(
            group,
            all.Where(m => m.EndsAt >= now).Take(5).ToList(),
            all.Where(m => m.EndsAt < now).Reverse().Take(5).ToList(),
            actions));
    }
}

public sealed record GroupMeetingsModel(GroupAccess Group, IReadOnlyList<MeetingSummaryDto> Upcoming, IReadOnlyList<MeetingSummaryDto> Past, IReadOnlyList<ActionDto> OpenActions);
