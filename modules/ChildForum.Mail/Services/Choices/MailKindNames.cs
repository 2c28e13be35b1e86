using ChildForum.Core.Mail;
using ChildForum.Mail.Localization;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Services.Choices;

/// <summary>What a person switches off with an unsubscribe link, named as they would say it ("Minutes published"), in
/// their language: the unsubscribe page and the list of kinds switched off both show it.</summary>
public sealed class MailKindNames(IStringLocalizer<MailResource> t)
{
    /// <summary>The kinds a person can switch off (the notification kinds of <see cref="MailKinds"/>).</summary>
    public static IReadOnlyList<string> SwitchableKinds { get; } = MailKinds.All.Where(MailKinds.IsNotification).ToList();

    public static bool IsSwitchable(string? kind) => kind is not null && SwitchableKinds.Contains(kind, StringComparer.Ordinal);

    public string Name(string kind) => kind switch
    {
        MailKinds.Agenda => t["Agendas published"],
        MailKinds.MeetingChanged => t["Meetings changed"],
        MailKinds.MeetingCancelled => t["Meetings cancelled"],
        MailKinds.Minutes => t["Minutes published"],
        MailKinds.DraftStage => t["Drafts moved to consultation or adopted"],
        MailKinds.Amendment => t["Decisions on your amendments"],
        MailKinds.Mention => t["Mentions of you"],
        MailKinds.Reply => t["Replies to your messages"],
        MailKinds.ActionAssigned => t["Actions assigned to you"],
        MailKinds.ActionDue => t["Actions due soon"],
        MailKinds.ActionOverdue => t["Overdue actions"],
        MailKinds.Digest => t["The daily digest"],
        _ => kind,
    };
}
