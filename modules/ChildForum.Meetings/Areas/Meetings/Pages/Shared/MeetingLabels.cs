using ChildForum.Meetings.Models;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Areas.Meetings.Pages;

/// <summary>Words for statuses, attendance and stakeholder types in the page's language.</summary>
public static class MeetingLabels
{
    public static string Status(string status, IStringLocalizer t) => status switch
    {
        MeetingStatuses.Planned => t["planned"],
        MeetingStatuses.AgendaPublished => t["agenda published"],
        MeetingStatuses.Held => t["held"],
        MeetingStatuses.MinutesPublished => t["minutes published"],
        MeetingStatuses.Cancelled => t["cancelled"],
        _ => status,
    };

    public static string Attendance(string status, IStringLocalizer t) => status switch
    {
        AttendanceStatuses.Present => t["present"],
        AttendanceStatuses.Apologies => t["apologies"],
        AttendanceStatuses.Absent => t["absent"],
        _ => status,
    };

    public static string ActionStatus(string status, IStringLocalizer t) => status switch
    {
        ActionStatuses.Open => t["open"],
        ActionStatuses.Done => t["done"],
        ActionStatuses.Dropped => t["dropped"],
        _ => status,
    };

    public static string Stakeholder(string? type, IStringLocalizer t) => type switch
    {
        "cso" => t["Civil society"],
        "university" => t["Universities"],
        "business" => t["Business"],
        "government" => t["Government"],
        _ => t["Unknown"],
    };

    /// <summary>"Zhang Min (Sunflower Centre)", an organisation's name, or under Chatham House "a participant from civil society".</summary>
    public static string Owner(PartyDto? owner, IStringLocalizer t) => owner switch
    {
        null => t["no owner"],
        { Name: { } name, Organisation: { } organisation } => $"{name} ({organisation})",
        { Name: { } name } => name,
        { Kind: "organisation" } => t["an organisation from: {0}", Stakeholder(owner.StakeholderType, t)],
        _ => t["a participant from: {0}", Stakeholder(owner.StakeholderType, t)],
    };
}
