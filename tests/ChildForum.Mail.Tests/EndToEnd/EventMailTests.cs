using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Testing;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Xunit.Sdk;

namespace ChildForum.Mail.Tests.EndToEnd;

/// <summary>From the event to the inbox: a facilitator's action through the API, the outbox, the sender at send time, a
/// real SMTP server (MailDev), and back to the site through the mail's own unsubscribe link. Each test has people and a
/// group of its own, on a web node of the shared site that sends mail.</summary>
public abstract class EventMailTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_published_agenda_arrives_as_a_calendar_invitation_and_its_one_click_unsubscribe_stops_the_next_one()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (facilitator, member, group) = await GroupAsync();
        using var client = await node.ClientForAsync(facilitator.Email, facilitator.Password);

        var first = await PublishMeetingAsync(client, group, days: 10);
        var message = Assert.Single(await maildev.WaitForMessagesAsync(member.Email));

        Assert.Contains(first.Title, message.Subject, StringComparison.Ordinal);
        var calendarPart = message.BodyParts.OfType<MimePart>().First(p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal("REQUEST", calendarPart.ContentType.Parameters["method"]);
        using var ics = new MemoryStream();
        await calendarPart.Content!.DecodeToAsync(ics);
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(ics.ToArray()))!;
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(await FeedUidAsync(first.Id), Assert.Single(calendar.Events).Uid);
        Assert.Contains($"https://forum.childforum.test/groups/{group.Slug}/meetings/{first.Id}", message.TextBody ?? "", StringComparison.Ordinal);

        // The mail's unsubscribe link, posted the way a mail client does it (RFC 8058): no cookie, no antiforgery token.
        var unsubscribe = new Uri((message.Headers["List-Unsubscribe"] ?? throw new XunitException("The mail has no List-Unsubscribe header.")).Trim('<', '>'));
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        using (var anonymous = node.CreateClient())
        using (var response = await anonymous.PostAsync(unsubscribe.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var second = await PublishMeetingAsync(client, group, days: 12);
        var withheld = await WaitForRowAsync(member.Id, second.Id, r => r.Status != OutgoingMailStatus.Queued);
        Assert.Equal(OutgoingMailStatus.Withheld, withheld.Status);
        // The facilitator, who did not unsubscribe, gets both.
        Assert.Equal(2, (await maildev.WaitForMessagesAsync(facilitator.Email, count: 2)).Count);
        Assert.Single(await maildev.MessagesToAsync(member.Email));
    }

    [SkippableFact]
    public async Task A_member_removed_after_the_mail_was_queued_gets_nothing_from_the_group()
    {
        using var maildev = MailDevServer.Require();
        await using var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Refuse);
        await using var node = await NodeAsync(maildev, relay.Port);
        var (facilitator, member, group) = await GroupAsync();
        using var client = await node.ClientForAsync(facilitator.Email, facilitator.Password);

        var meeting = await PublishMeetingAsync(client, group, days: 10);
        // Queued, and tried once against a server that refuses: the mail is waiting when the member is removed.
        await WaitForRowAsync(member.Id, meeting.Id, r => r.Attempts >= 1);
        using (var removal = await client.DeleteAsync($"/api/v1/groups/{group.Id}/members/{member.Id}"))
        {
            Assert.True(removal.IsSuccessStatusCode, $"Removing the member: {(int)removal.StatusCode}");
        }
        relay.Mode = RelayMode.Forward;

        var row = await WaitForRowAsync(member.Id, meeting.Id, r => r.Status != OutgoingMailStatus.Queued);
        Assert.Equal(OutgoingMailStatus.Withheld, row.Status);
        Assert.Single(await maildev.WaitForMessagesAsync(facilitator.Email));
        Assert.Empty(await maildev.MessagesToAsync(member.Email));
    }

    private async Task<ForumAppFactory> NodeAsync(MailDevServer maildev, int? smtpPort = null)
    {
        var node = App.NewNode(realServer: false);
        foreach (var (key, value) in maildev.SiteSettings(smtpPort))
        {
            node.Settings[key] = value;
        }
        await node.StartAsync();
        return node;
    }

    private async Task<(TestUser Facilitator, TestUser Member, GroupJson Group)> GroupAsync()
    {
        var facilitator = await App.CreateUserAsync();
        var member = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (facilitator.Email, "facilitator"), (member.Email, "member"));
        return (facilitator, member, group);
    }

    private static async Task<MeetingJson> PublishMeetingAsync(HttpClient facilitator, GroupJson group, int days)
    {
        string Wall(int hour) => DateTime.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        using var created = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = Unique.Name("Meeting"), startsAt = Wall(9), endsAt = Wall(11), timeZone = "Asia/Shanghai", location = "Room 2",
            agenda = new object[] { new { title = "Boarding school dormitories", durationMinutes = 30 } },
        });
        Assert.True(created.IsSuccessStatusCode, $"Creating the meeting: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var meeting = (await created.Content.ReadFromJsonAsync<MeetingJson>())!;
        using var published = await facilitator.PostAsync($"/api/v1/meetings/{meeting.Id}/agenda/publish", null);
        Assert.True(published.IsSuccessStatusCode, $"Publishing the agenda: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        return meeting;
    }

    private Task<string> FeedUidAsync(int meetingId) => App.QueryDatabaseAsync(async db =>
        "meeting-" + await db.Set<ChildForum.Meetings.Models.Meeting>().Where(m => m.Id == meetingId).Select(m => m.Uid).SingleAsync() + "@childforum");

    /// <summary>The agenda mail of a meeting to a person, once <paramref name="condition"/> holds.</summary>
    private async Task<OutgoingMail> WaitForRowAsync(string userId, int meetingId, Func<OutgoingMail, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var subject = $"meeting:{meetingId}";
        while (true)
        {
            var row = await App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AsNoTracking()
                .SingleOrDefaultAsync(m => m.UserId == userId && m.Kind == MailKinds.Agenda && m.Subject == subject));
            if (row is not null && condition(row))
            {
                return row;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"The agenda mail of meeting {meetingId} to {userId} did not reach the expected state: {row?.Status} after {row?.Attempts} attempts ({row?.LastError}).");
            }
            await Task.Delay(200);
        }
    }

    private sealed record MeetingJson(int Id, string Title);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class EventMailTestsOnSqlite(SqliteAppFixture fixture) : EventMailTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class EventMailTestsOnPostgres(PostgresAppFixture fixture) : EventMailTests(fixture);
