using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Testing;
using ChildForum.WorkingGroups.Models;
using Calendar = Ical.Net.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Mail.Tests.Content;

/// <summary>What each event's mail says, composed as the sender composes it: by the module's composer, for a real person
/// with the principal the site builds for them, in their language, as they may read the subject at that moment.</summary>
public abstract class MailComposingTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly Uri PublicUrl = new("https://forum.example.org/");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    private static readonly (string User, string Role)[] Cast =
        [(DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "observer")];

    [SkippableTheory]
    [InlineData("en", "Agenda: ", "Open the meeting")]
    [InlineData("zh-Hans", "议程：", "打开会议页面")]
    public async Task Agenda_mail_is_in_the_recipients_language_with_the_meeting_as_a_calendar_request(string language, string subjectStart, string linkText)
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, days: 20);
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/agenda/publish");

        var mail = await ComposeAsync(DemoUsers.Cso, MailKinds.Agenda, group.Id, $"meeting:{meeting.Id}", CultureInfo.GetCultureInfo(language));

        Assert.NotNull(mail);
        Assert.StartsWith(subjectStart, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(meeting.Title, mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"[{linkText}](https://forum.example.org/groups/{group.Slug}/meetings/{meeting.Id})", mail.Markdown, StringComparison.Ordinal);
        Assert.Contains("Findings of the survey", mail.Markdown, StringComparison.Ordinal);
        var attachment = Assert.Single(mail.Attachments);
        Assert.StartsWith("text/calendar; method=REQUEST", attachment.ContentType, StringComparison.Ordinal);
        var calendar = Calendar.Load(Encoding.UTF8.GetString(attachment.Content))!;
        Assert.Equal("REQUEST", calendar.Method);
        var invitation = Assert.Single(calendar.Events);
        Assert.Equal(await MeetingUidAsync(meeting.Id), invitation.Uid);
        Assert.Equal(await MeetingSequenceAsync(meeting.Id), invitation.Sequence);
        Assert.Equal("Asia/Shanghai", invitation.DtStart!.TzId);
        Assert.Equal("mailto:" + DemoUsers.Email(DemoUsers.Cso), Assert.Single(invitation.Attendees).Value!.ToString(), ignoreCase: true);
    }

    [SkippableFact]
    public async Task Cancelled_meeting_mail_cancels_the_same_calendar_event_with_a_higher_sequence()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, days: 20);
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/agenda/publish");
        var agenda = await ComposeAsync(DemoUsers.Official, MailKinds.Agenda, group.Id, $"meeting:{meeting.Id}", English);
        var published = Assert.Single(Calendar.Load(Encoding.UTF8.GetString(agenda!.Attachments[0].Content))!.Events);
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/cancel");

        var mail = await ComposeAsync(DemoUsers.Official, MailKinds.MeetingCancelled, group.Id, $"meeting:{meeting.Id}", English);
        var stale = await ComposeAsync(DemoUsers.Official, MailKinds.Agenda, group.Id, $"meeting:{meeting.Id}", English);

        Assert.NotNull(mail);
        Assert.StartsWith("Meeting cancelled: ", mail.Subject, StringComparison.Ordinal);
        Assert.StartsWith("text/calendar; method=CANCEL", mail.Attachments[0].ContentType, StringComparison.Ordinal);
        var calendar = Calendar.Load(Encoding.UTF8.GetString(mail.Attachments[0].Content))!;
        Assert.Equal("CANCEL", calendar.Method);
        var cancelled = Assert.Single(calendar.Events);
        Assert.Equal(published.Uid, cancelled.Uid);
        Assert.True(cancelled.Sequence > published.Sequence, $"SEQUENCE {cancelled.Sequence} after {published.Sequence}");
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Null(stale);
    }

    [SkippableFact]
    public async Task A_person_removed_from_the_group_before_sending_gets_nothing()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, days: 20);
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/agenda/publish");
        Assert.NotNull(await ComposeAsync(DemoUsers.Official, MailKinds.Agenda, group.Id, $"meeting:{meeting.Id}", English));
        var officialId = await App.UserIdAsync(DemoUsers.Official);
        await App.QueryDatabaseAsync(db => db.Set<Membership>().Where(m => m.GroupId == group.Id && m.UserId == officialId).ExecuteDeleteAsync());

        Assert.Null(await ComposeAsync(DemoUsers.Official, MailKinds.Agenda, group.Id, $"meeting:{meeting.Id}", English));
    }

    [SkippableFact]
    public async Task Chatham_house_minutes_are_mailed_as_readers_read_them_without_names()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, days: -3);
        var names = await App.QueryDatabaseAsync(db => db.Users.Where(u => u.Email == DemoUsers.Email(DemoUsers.Cso) || u.Email == DemoUsers.Email(DemoUsers.Official))
            .Select(u => u.DisplayName).ToListAsync());
        var body = $"@{names[0]} proposed protected study time. @{names[1]} said the bureau can fund it.";
        using (var saved = await facilitator.PutAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes", new { body, attribution = "chatham-house" }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/minutes/publish");

        var mail = await ComposeAsync(DemoUsers.Cso, MailKinds.Minutes, group.Id, $"meeting:{meeting.Id}", English);

        Assert.NotNull(mail);
        Assert.Contains("protected study time", mail.Markdown, StringComparison.Ordinal);
        foreach (var name in names)
        {
            Assert.DoesNotContain(name, mail.Markdown, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains($"/groups/{group.Slug}/meetings/{meeting.Id}#minutes", mail.Markdown, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("en", "mentioned you")]
    [InlineData("zh-Hans", "提到了您")]
    public async Task Mention_mail_quotes_the_message_links_to_it_and_answers_into_its_thread(string language, string said)
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var officialName = await App.QueryDatabaseAsync(db => db.Users.Where(u => u.Email == DemoUsers.Email(DemoUsers.Official)).Select(u => u.DisplayName).SingleAsync());
        var thread = await PostJsonAsync<IdJson>(cso, $"/api/v1/groups/{group.Id}/threads", new { title = "Summer [camps](https://evil.example)", body = "Opening the thread." });
        var message = await PostJsonAsync<MessageJson>(cso, $"/api/v1/threads/{thread.Id}/messages",
            new { body = $"@{officialName} could you share the numbers?", clientMessageId = Guid.NewGuid().ToString("N") });

        var mail = await ComposeAsync(DemoUsers.Official, MailKinds.Mention, group.Id, $"message:{message.Id}", CultureInfo.GetCultureInfo(language));

        Assert.NotNull(mail);
        Assert.Contains(said, mail.Markdown, StringComparison.Ordinal);
        Assert.Contains("> @" + officialName + " could you share the numbers?", mail.Markdown, StringComparison.Ordinal);
        Assert.Contains($"(https://forum.example.org/groups/{group.Slug}/threads/{thread.Id}#m{message.Seq})", mail.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](https://evil.example)", mail.Markdown, StringComparison.Ordinal);
        Assert.Equal(thread.Id, mail.ReplyThreadId);
    }

    [SkippableFact]
    public async Task Events_queue_their_mails_in_the_same_unit_of_work_one_per_recipient()
    {
        await using var site = App.NewSite(realServer: false);
        // Nothing listens there: rows stay queued for this test to read.
        site.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        site.Settings["Mail:Smtp:Port"] = "9";
        site.Settings["Mail:From"] = "forum@example.org";
        await site.StartAsync();
        var group = await site.CreateGroupAsync("members", Cast);
        using var facilitator = await site.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, days: 20);
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/agenda/publish");
        var thread = await PostJsonAsync<IdJson>(facilitator, $"/api/v1/groups/{group.Id}/threads", new { title = "Plans", body = "First." });
        var first = await PostJsonAsync<MessageJson>(facilitator, $"/api/v1/threads/{thread.Id}/messages", new { body = "Who can help?", clientMessageId = Guid.NewGuid().ToString("N") });
        using var cso = await site.ClientForAsync(DemoUsers.Cso);
        var answer = await PostJsonAsync<MessageJson>(cso, $"/api/v1/threads/{thread.Id}/messages", new { body = "I can.", replyToId = first.Id, clientMessageId = Guid.NewGuid().ToString("N") });

        var rows = await site.QueryDatabaseAsync(db => db.Set<OutgoingMail>().Where(m => m.GroupId == group.Id).ToListAsync());

        var agenda = rows.Where(r => r.Kind == MailKinds.Agenda).ToList();
        Assert.Equal(Cast.Length, agenda.Count);
        Assert.All(agenda, r => Assert.Equal($"meeting:{meeting.Id}", r.Subject));
        Assert.Equal(Cast.Length, agenda.Select(r => r.UserId).Distinct().Count());
        var reply = Assert.Single(rows, r => r.Kind == MailKinds.Reply);
        Assert.Equal(await site.UserIdAsync(DemoUsers.Facilitator), reply.UserId);
        Assert.Equal($"message:{answer.Id}", reply.Subject);
        Assert.All(rows, r => Assert.Equal(OutgoingMailStatus.Queued, r.Status));
    }

    [SkippableFact]
    public async Task Invitation_mail_carries_the_link_that_works_and_only_the_newest_one()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var invitations = scope.ServiceProvider.GetRequiredService<IUserInvitations>();
        var organisationId = await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Organisations.Select(o => o.Id).FirstAsync();
        var invited = await invitations.InviteAsync(Unique.Email(), "Li Na", organisationId);
        Assert.True(invited.Succeeded);

        var mail = await ComposeAsync(invited.User!.Email!, MailKinds.Invitation, null, "user:" + invited.User.Id, English, InvitationData(invited.InvitationPath!));
        var newer = await invitations.RenewInvitationAsync(invited.User);
        var stale = await ComposeAsync(invited.User.Email!, MailKinds.Invitation, null, "user:" + invited.User.Id, English, InvitationData(invited.InvitationPath!));
        var current = await ComposeAsync(invited.User.Email!, MailKinds.Invitation, null, "user:" + invited.User.Id, English, InvitationData(newer));

        Assert.NotNull(mail);
        Assert.Equal("Your invitation to ChildForum", mail.Subject);
        Assert.Contains("(https://forum.example.org" + invited.InvitationPath + ")", mail.Markdown, StringComparison.Ordinal);
        Assert.Contains("接受邀请", mail.Markdown, StringComparison.Ordinal);
        Assert.Null(stale);
        Assert.NotNull(current);
    }

    private static string InvitationData(string path) => MailText.Data(new Dictionary<string, string> { ["link"] = path });

    /// <summary>The mail as the sender would compose it now, for this person.</summary>
    private async Task<MailContent?> ComposeAsync(string user, string kind, int? groupId, string subject, CultureInfo culture, string? data = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var recipient = await users.FindByEmailAsync(DemoUsers.Email(user)) ?? throw new InvalidOperationException($"No user {user}.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ForumUser>>().CreateAsync(recipient);
        var composer = Assert.Single(scope.ServiceProvider.GetServices<IMailComposer>(), c => c.Composes(kind));
        var request = new MailRequest(recipient.Id, kind, groupId, subject, data ?? (kind == MailKinds.Invitation ? null : MailText.Data(new { sequence = 0 })));
        return await composer.ComposeAsync(new MailContext(request, recipient, principal, culture, PublicUrl), CancellationToken.None);
    }

    private static async Task<MeetingJson> CreateMeetingAsync(HttpClient facilitator, int groupId, int days)
    {
        string Wall(int hour) => DateTime.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        return await PostJsonAsync<MeetingJson>(facilitator, $"/api/v1/groups/{groupId}/meetings", new
        {
            title = Unique.Name("Meeting"), startsAt = Wall(10), endsAt = Wall(12), timeZone = "Asia/Shanghai", location = "Room 3, Town Hall",
            agenda = new object[] { new { title = "Welcome", durationMinutes = 10 }, new { title = "Findings of the survey", presenter = "Survey team", durationMinutes = 30 } },
        });
    }

    private async Task<string> MeetingUidAsync(int meetingId) =>
        "meeting-" + await App.QueryDatabaseAsync(db => db.Set<ChildForum.Meetings.Models.Meeting>().Where(m => m.Id == meetingId).Select(m => m.Uid).SingleAsync()) + "@childforum";

    private Task<int> MeetingSequenceAsync(int meetingId) =>
        App.QueryDatabaseAsync(db => db.Set<ChildForum.Meetings.Models.Meeting>().Where(m => m.Id == meetingId).Select(m => m.Sequence).SingleAsync());

    private static async Task PostAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<T> PostJsonAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private sealed record IdJson(int Id);

    private sealed record MeetingJson(int Id, string Title);

    private sealed record MessageJson(long Id, int Seq);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MailComposingTestsOnSqlite(SqliteAppFixture fixture) : MailComposingTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MailComposingTestsOnPostgres(PostgresAppFixture fixture) : MailComposingTests(fixture);
