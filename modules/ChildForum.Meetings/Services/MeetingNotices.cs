using ChildForum.Core.Localization;
using System.Globalization;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Notifications;
using ChildForum.Core.Search;
using ChildForum.Core.Security;
using ChildForum.Meetings.Mail;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>What others learn of a change to a meeting, in the changing unit of work: members in the app and by mail,
/// and the search index. Texts sent out hold no names when the meeting is under Chatham House.</summary>
public sealed class MeetingNotices(ForumDbContext db, IGroupMembers groups, PeopleViews people, Notifier notifier, IMailOutbox mail, ISearchOutbox search)
{
    /// <summary>The meeting's agenda (and, when <paramref name="minutes"/>, its minutes) go to the search outbox in this unit of work.</summary>
    internal void Reindex(Meeting meeting, bool minutes = false)
    {
        search.Changed(MeetingSearchSource.Parent(meeting.Id));
        if (minutes)
        {
            search.Changed(MinutesSearchSource.Parent(meeting.Id));
        }
    }

    /// <summary>Tells every member, in the app and by a mail of <paramref name="mailKind"/>; <paramref name="text"/> gets the
    /// meeting's title (without names under Chatham House).</summary>
    internal async Task<List<string>> NotifyMembersAsync(MeetingAccess access, Func<string, NoticeText> text, string mailKind, CancellationToken cancellationToken, string? mailData = null)
    {
        var message = text(await ReaderTextAsync(access, access.Meeting.Title, cancellationToken));
        var members = await MailMembersAsync(access, mailKind, cancellationToken, mailData);
        foreach (var member in members)
        {
            notifier.Add(member, "meeting", message, MeetingFormat.MeetingUrl(access));
        }
        return members;
    }

    /// <summary>Queues a mail about the meeting to every member, in this unit of work. It carries the SEQUENCE of this
    /// change; the mail is composed when sent, as each member may read the meeting then.</summary>
    internal async Task<List<string>> MailMembersAsync(MeetingAccess access, string mailKind, CancellationToken cancellationToken, string? mailData = null)
    {
        var members = (await groups.GetMembersAsync(access.Group.GroupId, cancellationToken)).Select(m => m.UserId).ToList();
        var data = mailData ?? MailText.Data(new { sequence = access.Meeting.Sequence });
        foreach (var member in members)
        {
            mail.Enqueue(new MailRequest(member, mailKind, access.Group.GroupId, MeetingMailComposer.Subject(access.Meeting.Id), data));
        }
        return members;
    }

    /// <summary>A text as readers get it, whoever writes it: without names when the meeting is under Chatham House.</summary>
    internal async Task<string> ReaderTextAsync(MeetingAccess access, string text, CancellationToken cancellationToken)
    {
        if (access.Meeting.Attribution != Attributions.ChathamHouse)
        {
            return text;
        }
        return (await people.AttributorForAsync([text], cancellationToken)).Anonymise(text, await people.LanguageAsync(access.Meeting, cancellationToken));
    }

    /// <summary>When a meeting goes under Chatham House: the notifications already sent about it lose their names too.</summary>
    internal async Task AnonymiseNotificationsAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var url = MeetingFormat.MeetingUrl(access);
        var sent = (await db.Notifications.Where(n => n.Url == url || n.Url.StartsWith(url + "#")).ToListAsync(cancellationToken))
            .Select(n => (Row: n, Text: NoticeText.Stored(n.Template, n.Arguments))).ToList();
        var attributor = await people.AttributorForAsync(sent.SelectMany(n => (n.Text?.Written ?? []).Append(n.Row.Text)), cancellationToken);
        var language = await people.LanguageAsync(access.Meeting, cancellationToken);
        foreach (var (row, text) in sent)
        {
            row.Text = attributor.Anonymise(row.Text, language);
            // What the page shows is made from the template's arguments: they lose their names too.
            row.Arguments = text?.MapWritten(written => attributor.Anonymise(written, language)).ArgumentsJson;
        }
    }
}
