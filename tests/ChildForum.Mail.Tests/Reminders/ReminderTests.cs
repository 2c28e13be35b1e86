using System.Globalization;
using System.Net.Http.Json;
using ChildForum.Core.Mail;
using ChildForum.Core.Organisations;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Reminders;
using ChildForum.Meetings.Models;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Sdk;

namespace ChildForum.Mail.Tests.Reminders;

/// <summary>Reminders of actions due soon and overdue: the scheduler called with chosen times weeks ahead (so the nodes'
/// own schedulers, which run at the real time, never see these actions as due), the rows it writes, and the mails MailDev
/// receives. Each test has people, a group, a meeting and a due date of its own.</summary>
public abstract class ReminderTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task An_action_is_reminded_once_two_days_before_and_once_the_day_after_its_due_date()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (facilitator, owner, group) = await GroupAsync();
        var due = Day(41);
        var action = await AddActionAsync(node, facilitator, group, "Send the survey", due, ownerUserId: owner.Id);
        var scheduler = node.Services.GetRequiredService<ReminderScheduler>();

        await scheduler.QueueDueAsync(At(due, -3, 23), CancellationToken.None);
        Assert.Empty(await RemindersAsync(owner.Id, action));

        await scheduler.QueueDueAsync(At(due, -2, 0), CancellationToken.None);
        await scheduler.QueueDueAsync(At(due, -2, 12), CancellationToken.None);
        await scheduler.QueueDueAsync(At(due, -1, 12), CancellationToken.None);
        await scheduler.QueueDueAsync(At(due, 0, 23), CancellationToken.None);
        var dueRow = Assert.Single(await RemindersAsync(owner.Id, action));
        Assert.Equal(MailKinds.ActionDue, dueRow.Kind);
        Assert.Equal(group.Id, dueRow.GroupId);
        Assert.Equal(due, MailReminders.DueDate(dueRow.Data));

        await scheduler.QueueDueAsync(At(due, 1, 0), CancellationToken.None);
        await scheduler.QueueDueAsync(At(due, 2, 12), CancellationToken.None);
        var rows = await RemindersAsync(owner.Id, action);
        Assert.Equal([MailKinds.ActionDue, MailKinds.ActionOverdue], rows.Select(r => r.Kind));
        Assert.Equal(due, MailReminders.DueDate(rows[1].Data));
    }

    [SkippableFact]
    public async Task The_day_is_counted_in_the_owners_time_zone()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (facilitator, inUtc, group) = await GroupAsync();
        var inShanghai = await App.CreateUserAsync();
        await App.AddMembershipAsync(group.Id, inShanghai.Email, "member");
        await App.QueryDatabaseAsync(db =>
        {
            db.Add(new NotificationSettings { UserId = inShanghai.Id, TimeZone = "Asia/Shanghai" });
            return db.SaveChangesAsync();
        });
        var due = Day(42);
        var utcAction = await AddActionAsync(node, facilitator, group, "Book the room", due, ownerUserId: inUtc.Id);
        var shanghaiAction = await AddActionAsync(node, facilitator, group, "Book the interpreter", due, ownerUserId: inShanghai.Id);

        // 17:00 UTC three days before: still three days to go in UTC, already two in Shanghai (01:00 the next day).
        await node.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(At(due, -3, 17), CancellationToken.None);

        Assert.Empty(await RemindersAsync(inUtc.Id, utcAction));
        Assert.Equal(MailKinds.ActionDue, Assert.Single(await RemindersAsync(inShanghai.Id, shanghaiAction)).Kind);
    }

    [SkippableFact]
    public async Task A_done_action_gets_no_reminder_and_a_moved_due_date_gets_one_for_the_new_date()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (facilitator, owner, group) = await GroupAsync();
        var due = Day(43);
        var done = await AddActionAsync(node, facilitator, group, "Circulate the notes", due, ownerUserId: owner.Id);
        var moved = await AddActionAsync(node, facilitator, group, "Draft the letter", due, ownerUserId: owner.Id);
        using (var client = await node.ClientForAsync(facilitator.Email, facilitator.Password))
        using (var response = await client.PatchAsJsonAsync($"/api/v1/actions/{done}", new { status = "done" }))
        {
            Assert.True(response.IsSuccessStatusCode, $"Marking the action done: {(int)response.StatusCode}");
        }
        var scheduler = node.Services.GetRequiredService<ReminderScheduler>();

        await scheduler.QueueDueAsync(At(due, -2, 6), CancellationToken.None);
        Assert.Single(await RemindersAsync(owner.Id, moved));
        var later = due.AddDays(5);
        await App.QueryDatabaseAsync(async db =>
        {
            (await db.Set<ActionItem>().SingleAsync(a => a.Id == moved)).DueDate = later;
            return await db.SaveChangesAsync();
        });
        await scheduler.QueueDueAsync(At(due, 1, 6), CancellationToken.None);
        await scheduler.QueueDueAsync(At(later, -2, 6), CancellationToken.None);
        await scheduler.QueueDueAsync(At(later, -1, 6), CancellationToken.None);

        Assert.Empty(await RemindersAsync(owner.Id, done));
        var rows = await RemindersAsync(owner.Id, moved);
        Assert.Equal([(MailKinds.ActionDue, due), (MailKinds.ActionDue, later)], rows.Select(r => (r.Kind, MailReminders.DueDate(r.Data) ?? default)));
    }

    [SkippableFact]
    public async Task An_organisations_action_reminds_its_members_in_the_group_only()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var organisation = Unique.Name("Organisation");
        var organisationId = await App.QueryDatabaseAsync(async db =>
        {
            var added = new Organisation { Name = organisation, StakeholderType = StakeholderType.Cso, CreatedAt = DateTime.UtcNow };
            db.Add(added);
            await db.SaveChangesAsync();
            return added.Id;
        });
        var (facilitator, otherOrganisation, group) = await GroupAsync();
        var first = await App.CreateUserAsync(organisation);
        var second = await App.CreateUserAsync(organisation);
        var outside = await App.CreateUserAsync(organisation);
        await App.AddMembershipAsync(group.Id, first.Email, "member");
        await App.AddMembershipAsync(group.Id, second.Email, "observer");
        var due = Day(44);
        var action = await AddActionAsync(node, facilitator, group, "Share the school survey", due, ownerOrganisationId: organisationId);

        await node.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(At(due, -2, 6), CancellationToken.None);

        Assert.Single(await RemindersAsync(first.Id, action));
        Assert.Single(await RemindersAsync(second.Id, action));
        Assert.Empty(await RemindersAsync(outside.Id, action));
        Assert.Empty(await RemindersAsync(otherOrganisation.Id, action));
        Assert.Empty(await RemindersAsync(facilitator.Id, action));
    }

    [SkippableFact]
    public async Task A_member_removed_after_the_reminder_was_queued_gets_nothing()
    {
        using var maildev = MailDevServer.Require();
        await using var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Refuse);
        await using var node = await NodeAsync(maildev, relay.Port);
        var (facilitator, owner, group) = await GroupAsync();
        var due = Day(45);
        var action = await AddActionAsync(node, facilitator, group, "Visit the shelter", due, ownerUserId: owner.Id);

        await node.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(At(due, -2, 6), CancellationToken.None);
        await WaitForReminderAsync(owner.Id, action, r => r.Attempts >= 1);
        using (var client = await node.ClientForAsync(facilitator.Email, facilitator.Password))
        using (var removal = await client.DeleteAsync($"/api/v1/groups/{group.Id}/members/{owner.Id}"))
        {
            Assert.True(removal.IsSuccessStatusCode, $"Removing the member: {(int)removal.StatusCode}");
        }
        relay.Mode = RelayMode.Forward;

        var row = await WaitForReminderAsync(owner.Id, action, r => r.Status != OutgoingMailStatus.Queued);
        Assert.Equal(OutgoingMailStatus.Withheld, row.Status);
        Assert.Empty(await maildev.MessagesToAsync(owner.Email));
    }

    [SkippableFact]
    public async Task Two_nodes_queuing_at_the_same_moment_queue_one_reminder()
    {
        using var maildev = MailDevServer.Require();
        await using var one = await NodeAsync(maildev);
        await using var two = await NodeAsync(maildev);
        var (facilitator, owner, group) = await GroupAsync();
        var due = Day(46);
        var actions = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            actions.Add(await AddActionAsync(one, facilitator, group, $"Task {i}", due, ownerUserId: owner.Id));
        }
        var at = At(due, -2, 6);

        await Task.WhenAll(
            one.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(at, CancellationToken.None),
            two.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(at, CancellationToken.None),
            one.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(at, CancellationToken.None),
            two.Services.GetRequiredService<ReminderScheduler>().QueueDueAsync(at, CancellationToken.None));

        foreach (var action in actions)
        {
            Assert.Single(await RemindersAsync(owner.Id, action));
        }
    }

    /// <summary>The reminders as delivered, in the owner's language, linked to the action on the meeting's page; under
    /// Chatham House the action's title comes without the names readers may not see.</summary>
    [SkippableTheory]
    [InlineData("en", "Action due ", "Action overdue: ", "is due soon", "Due date")]
    [InlineData("zh-Hans", "行动项将于", "行动项已逾期：", "即将到期", "截止日期")]
    public async Task Delivered_reminders_are_in_the_owners_language_and_link_to_the_action(string language, string dueSubject, string overdueSubject, string dueText, string dateText)
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (facilitator, owner, group) = await GroupAsync();
        await App.QueryDatabaseAsync(db =>
        {
            db.Add(new NotificationSettings { UserId = owner.Id, Language = language });
            return db.SaveChangesAsync();
        });
        using var client = await node.ClientForAsync(facilitator.Email, facilitator.Password);
        var due = Day(47 + (language == "en" ? 0 : 1));
        var meeting = await CreateMeetingAsync(client, group);
        using (var minutes = await client.PutAsJsonAsync($"/api/v1/meetings/{meeting}/minutes", new { body = "Discussed funding.", attribution = "chatham-house" }))
        {
            Assert.True(minutes.IsSuccessStatusCode, $"Saving Chatham House minutes: {(int)minutes.StatusCode} {await minutes.Content.ReadAsStringAsync()}");
        }
        using (var published = await client.PostAsync($"/api/v1/meetings/{meeting}/minutes/publish", null))
        {
            Assert.True(published.IsSuccessStatusCode, $"Publishing the minutes: {(int)published.StatusCode} {await published.Content.ReadAsStringAsync()}");
        }
        var action = await AddActionAsync(client, meeting, $"Call {facilitator.DisplayName} about funding", due, ownerUserId: owner.Id, ownerOrganisationId: null);
        var scheduler = node.Services.GetRequiredService<ReminderScheduler>();

        await scheduler.QueueDueAsync(At(due, -2, 6), CancellationToken.None);
        await scheduler.QueueDueAsync(At(due, 1, 6), CancellationToken.None);

        var messages = await maildev.WaitForMessagesAsync(owner.Email, count: 4);
        var reminders = messages.Where(m => (m.Subject ?? "").StartsWith(dueSubject, StringComparison.Ordinal) || (m.Subject ?? "").StartsWith(overdueSubject, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reminders.Count);
        var dueMail = Assert.Single(reminders, m => (m.Subject ?? "").StartsWith(dueSubject, StringComparison.Ordinal));
        Assert.Contains(dueText, dueMail.TextBody ?? "", StringComparison.Ordinal);
        Assert.Contains(dateText, dueMail.TextBody ?? "", StringComparison.Ordinal);
        Assert.All(reminders, m =>
        {
            Assert.Contains($"https://forum.childforum.test/groups/{group.Slug}/meetings/{meeting}#action-{action}", m.TextBody ?? "", StringComparison.Ordinal);
            Assert.Contains("about funding", m.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain(facilitator.DisplayName, m.Subject, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(facilitator.DisplayName, m.TextBody ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(facilitator.DisplayName, m.HtmlBody ?? "", StringComparison.OrdinalIgnoreCase);
        });
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

    private async Task<(TestUser Facilitator, TestUser Owner, GroupJson Group)> GroupAsync()
    {
        var facilitator = await App.CreateUserAsync();
        var owner = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (facilitator.Email, "facilitator"), (owner.Email, "member"));
        return (facilitator, owner, group);
    }

    /// <summary>A day weeks ahead: the real schedulers see its actions as neither due soon nor overdue.</summary>
    private static DateOnly Day(int daysAhead) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysAhead);

    /// <summary>An instant in UTC: <paramref name="hour"/> o'clock, <paramref name="days"/> days from <paramref name="day"/>.</summary>
    private static DateTime At(DateOnly day, int days, int hour) => day.AddDays(days).ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    private async Task<int> AddActionAsync(ForumAppFactory node, TestUser facilitator, GroupJson group, string title, DateOnly due, string? ownerUserId = null, int? ownerOrganisationId = null)
    {
        using var client = await node.ClientForAsync(facilitator.Email, facilitator.Password);
        return await AddActionAsync(client, await CreateMeetingAsync(client, group), title, due, ownerUserId, ownerOrganisationId);
    }

    private static async Task<int> AddActionAsync(HttpClient facilitator, int meetingId, string title, DateOnly due, string? ownerUserId, int? ownerOrganisationId)
    {
        using var response = await facilitator.PostAsJsonAsync($"/api/v1/meetings/{meetingId}/actions",
            new { title, ownerUserId, ownerOrganisationId, dueDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.True(response.IsSuccessStatusCode, $"Adding the action: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IdJson>())!.Id;
    }

    private static async Task<int> CreateMeetingAsync(HttpClient facilitator, GroupJson group)
    {
        string Wall(int hour) => DateTime.UtcNow.Date.AddDays(-2).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = Unique.Name("Meeting"), startsAt = Wall(9), endsAt = Wall(11), timeZone = "Asia/Shanghai", location = "Room 4",
            agenda = new object[] { new { title = "Actions", durationMinutes = 20 } },
        });
        Assert.True(response.IsSuccessStatusCode, $"Creating the meeting: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IdJson>())!.Id;
    }

    private Task<List<OutgoingMail>> RemindersAsync(string userId, int actionId)
    {
        var subject = "action:" + actionId.ToString(CultureInfo.InvariantCulture);
        return App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AsNoTracking()
            .Where(m => m.UserId == userId && m.Subject == subject && (m.Kind == MailKinds.ActionDue || m.Kind == MailKinds.ActionOverdue))
            .OrderBy(m => m.Id).ToListAsync());
    }

    private async Task<OutgoingMail> WaitForReminderAsync(string userId, int actionId, Func<OutgoingMail, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var row = (await RemindersAsync(userId, actionId)).SingleOrDefault();
            if (row is not null && condition(row))
            {
                return row;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"The reminder of action {actionId} to {userId} did not reach the expected state: {row?.Status} after {row?.Attempts} attempts ({row?.LastError}).");
            }
            await Task.Delay(200);
        }
    }

    private sealed record IdJson(int Id);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ReminderTestsOnSqlite(SqliteAppFixture fixture) : ReminderTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ReminderTestsOnPostgres(PostgresAppFixture fixture) : ReminderTests(fixture);
