using ChildForum.Core.Audit;
using ChildForum.Core.Localization;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Navigation;
using ChildForum.Core.Notifications;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.Meetings.Data;
using ChildForum.Meetings.Endpoints;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Mail;
using ChildForum.Meetings.Recipes;
using ChildForum.Meetings.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChildForum.Meetings;

/// <summary>Meetings: agendas, minutes (named or Chatham House), attendance, decisions, actions and calendars;
/// the API, the pages and the "meetings" recipe step.</summary>
public static class MeetingsModule
{
    public static IHostApplicationBuilder AddMeetings(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IModelContributor, MeetingsModel>();
        services.AddNoticeTexts<MeetingsResource>();
        services.AddAuditActions(
            ("meeting.created", Notice.T["Meeting scheduled"]),
            ("meeting.updated", Notice.T["Meeting changed"]),
            ("meeting.cancelled", Notice.T["Meeting cancelled"]),
            ("meeting.agenda-published", Notice.T["Meeting agenda published"]),
            ("meeting.minutes-published", Notice.T["Meeting minutes published"]),
            ("meeting.attribution", Notice.T["Minutes under the Chatham House rule"]),
            ("meeting.attribution-named", Notice.T["Minutes named again"]),
            ("meeting.attendance", Notice.T["Attendance recorded"]),
            ("meeting.decision", Notice.T["Decision recorded"]),
            ("meeting.action", Notice.T["Action recorded"]),
            ("meeting.action-status", Notice.T["Action status changed"]),
            ("meeting.personal-data-confirmed", Notice.T["Meeting: personal data confirmed"]),
            ("calendar.key-created", Notice.T["Calendar feed link made"]),
            ("calendar.key-revoked", Notice.T["Calendar feed link revoked"]));
        services.AddScoped<MeetingAccesses>();
        services.AddScoped<MeetingTextGuard>();
        services.AddScoped<PeopleViews>();
        services.AddScoped<MeetingReader>();
        services.AddScoped<MeetingNotices>();
        services.AddScoped<AgendaLinks>();
        services.AddScoped<MeetingService>();
        services.AddScoped<AttendanceService>();
        services.AddScoped<DecisionService>();
        services.AddScoped<ActionService>();
        services.AddScoped<MinutesService>();
        services.AddScoped<CalendarService>();
        services.AddScoped<IMailComposer, MeetingMailComposer>();
        services.AddScoped<IDigestSource, MeetingDigestSource>();
        services.AddScoped<IMailReminderSource, MeetingReminderSource>();
        services.AddScoped<IUserAccessListener, CalendarKeysListener>();
        services.AddScoped<IRecipeStep, MeetingsRecipeStep>();
        services.AddScoped<ChildForum.Core.Content.IGroupContent, AgendaItemContent>();
        services.AddScoped<ChildForum.Core.Search.ISearchSource, MeetingSearchSource>();
        services.AddScoped<ChildForum.Core.Search.ISearchSource, MinutesSearchSource>();
        services.AddScoped<ChildForum.Core.Records.IArchiveSource, Records.MeetingArchiveSource>();
        Records.MeetingRecordTables.AddMeetingRecordTables(services);
        services.AddSingleton(new GroupSection("GroupMeetings", 15));
        services.Configure<RazorPagesOptions>(options =>
            options.Conventions.AddAreaPageRoute("Meetings", "/Schedule", "groups/{slug}/meetings/{id:int}/edit"));
        return builder;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMeetingEndpoints();
        return endpoints;
    }
}
