using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Meetings.Components;

/// <summary>The group page's "Meetings" section: upcoming and recent meetings, open actions (overdue ones marked), the calendar.</summary>
public sealed class GroupMeetingsViewComponent(MeetingReader meetings) : ViewComponent
{
    public const int Shown = 5;

    public async Task<IViewComponentResult> InvokeAsync(GroupAccess group)
    {
        var panel = await meetings.GroupPanelAsync(group, Shown, HttpContext.RequestAborted);
        return View("/Areas/Meetings/Pages/Shared/_GroupMeetings.cshtml", new GroupMeetingsModel(group, panel.Upcoming, panel.Past, panel.OpenActions));
    }
}

public sealed record GroupMeetingsModel(GroupAccess Group, IReadOnlyList<MeetingSummaryDto> Upcoming, IReadOnlyList<MeetingSummaryDto> Past, IReadOnlyList<ActionDto> OpenActions);
