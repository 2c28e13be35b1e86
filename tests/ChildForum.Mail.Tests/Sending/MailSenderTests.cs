using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Sending;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ChildForum.Mail.Tests.Sending;

/// <summary>The sender against a real SMTP server (MailDev): what arrives, what the recipient's choices withhold at send
/// time, retries, a restart and several nodes. The shared site has no SMTP server, so its own sender stays idle; each test
/// starts web nodes of it that send, to MailDev or through an <see cref="SmtpRelay"/> the test switches.</summary>
public abstract class MailSenderTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_test_mail_arrives_with_both_parts_and_the_headers_of_one_automatic_mail()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var user = await App.CreateUserAsync(displayName: "Mei Lin");

        var row = await QueueAsync(node, new MailRequest(user.Id, MailKinds.Test, null, "site:test"));
        var message = Assert.Single(await maildev.WaitForMessagesAsync(user.Email));

        Assert.Equal("ChildForum test mail", message.Subject);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(message.To));
        Assert.Equal(("Mei Lin", user.Email), (to.Name, to.Address));
        Assert.Equal("forum@childforum.test", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal($"{row.MessageKey:N}@childforum.test", message.MessageId);
        Assert.Equal("en", message.Body?.Headers["Content-Language"]);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Null(message.Headers["List-Unsubscribe"]);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        var text = Assert.IsType<TextPart>(alternative[0]);
        var html = Assert.IsType<TextPart>(alternative[1]);
        Assert.True(text.IsPlain);
        Assert.True(html.IsHtml);
        Assert.Contains("This is a test mail from ChildForum", text.Text, StringComparison.Ordinal);
        Assert.Contains("[Open ChildForum](https://forum.childforum.test/)", text.Text, StringComparison.Ordinal);
        Assert.Contains("https://forum.childforum.test/account/notifications", text.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", html.Text, StringComparison.Ordinal);
        Assert.Contains("<h1", html.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://forum.childforum.test/\"", html.Text, StringComparison.Ordinal);
        Assert.Contains($"ChildForum sent this mail to {user.Email}.", html.Text, StringComparison.Ordinal);

        var sent = await WaitForRowAsync(node, row.Id, r => r.Status == OutgoingMailStatus.Sent);
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.ClaimedBy);
    }

    [SkippableFact]
    public async Task An_invitations_link_is_dropped_from_its_row_once_settled_and_other_facts_are_kept()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var invited = await App.CreateUserAsync();
        var admin = await App.CreateUserAsync();
        var typed = Unique.Email();

        // A link that no longer works: the invitation composer withholds it.
        var invitation = await QueueAsync(node, new MailRequest(invited.Id, MailKinds.Invitation, null, "user:" + invited.Id, "{\"link\":\"/account/invitation?user=x&token=y\"}"));
        var test = await QueueAsync(node, new MailRequest(admin.Id, MailKinds.Test, null, "site:test", TestMail.Data(typed)));

        Assert.Single(await maildev.WaitForMessagesAsync(typed));
        Assert.Equal(TestMail.Data(typed), (await WaitForRowAsync(node, test.Id, r => r.Status == OutgoingMailStatus.Sent)).Data);
        Assert.Null((await WaitForRowAsync(node, invitation.Id, r => r.Status == OutgoingMailStatus.Withheld)).Data);
    }

    [SkippableFact]
    public async Task A_person_who_chose_chinese_gets_the_mail_in_chinese()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var user = await App.CreateUserAsync();
        await SaveAsync(new NotificationSettings { UserId = user.Id, Language = "zh-Hans" });

        await QueueAsync(node, new MailRequest(user.Id, MailKinds.Test, null, "site:test"));
        var message = Assert.Single(await maildev.WaitForMessagesAsync(user.Email));

        Assert.Equal("ChildForum 测试邮件", message.Subject);
        Assert.Equal("zh-Hans", message.Body?.Headers["Content-Language"]);
        Assert.Contains("<html lang=\"zh-Hans\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("这是一封来自 ChildForum 的测试邮件", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("选择您接收哪些邮件", message.HtmlBody, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Choices_are_read_when_the_mail_is_sent_and_nothing_reaches_a_person_who_declined_it()
    {
        using var maildev = MailDevServer.Require();
        const int group = 424242;
        var allOff = await App.CreateUserAsync();
        var groupOff = await App.CreateUserAsync();
        var digest = await App.CreateUserAsync();
        var unsubscribed = await App.CreateUserAsync();
        var wants = await App.CreateUserAsync();
        await SaveAsync(new NotificationSettings { UserId = allOff.Id, Enabled = false });
        await SaveAsync(new GroupNotificationSetting { UserId = groupOff.Id, GroupId = group, Mode = NotificationModes.Off });
        await SaveAsync(new GroupNotificationSetting { UserId = digest.Id, GroupId = group, Mode = NotificationModes.Digest });
        await SaveAsync(new MailOptOut { UserId = unsubscribed.Id, GroupId = group, Kind = MailKinds.Agenda, CreatedAt = DateTime.UtcNow });
        await using var node = await NodeAsync(maildev);

        var rows = new Dictionary<string, OutgoingMail>();
        foreach (var user in new[] { allOff, groupOff, digest, unsubscribed })
        {
            rows[user.Id] = await QueueAsync(node, new MailRequest(user.Id, MailKinds.Agenda, group, "meeting:1"));
        }
        // A kind no module composes: it passes the choices and then fails for want of a composer, so it shows that the
        // choices let through a person who did not decline.
        var passes = await QueueAsync(node, new MailRequest(wants.Id, "x-unknown", group, "thing:1"));

        Assert.Equal(OutgoingMailStatus.Withheld, (await WaitForRowAsync(node, rows[allOff.Id].Id, Done)).Status);
        Assert.Equal(OutgoingMailStatus.Withheld, (await WaitForRowAsync(node, rows[groupOff.Id].Id, Done)).Status);
        Assert.Equal(OutgoingMailStatus.Digested, (await WaitForRowAsync(node, rows[digest.Id].Id, Done)).Status);
        var optedOut = await WaitForRowAsync(node, rows[unsubscribed.Id].Id, Done);
        Assert.Equal(OutgoingMailStatus.Withheld, optedOut.Status);
        Assert.Contains("unsubscribed", optedOut.LastError, StringComparison.Ordinal);
        var failed = await WaitForRowAsync(node, passes.Id, Done);
        Assert.Equal(OutgoingMailStatus.Failed, failed.Status);
        Assert.Contains("No module composes mail of kind 'x-unknown'", failed.LastError, StringComparison.Ordinal);

        foreach (var user in new[] { allOff, groupOff, digest, unsubscribed })
        {
            Assert.Empty(await maildev.MessagesToAsync(user.Email));
        }
    }

    [SkippableFact]
    public async Task A_notification_carries_a_one_click_unsubscribe_link_for_its_group_and_kind()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var user = await App.CreateUserAsync();
        var row = new OutgoingMail { Id = 1, UserId = user.Id, Kind = MailKinds.Agenda, GroupId = 77, Subject = "meeting:1", MessageKey = Guid.NewGuid() };
        var calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:m-1@childforum.test\r\nDTSTAMP:20261206T000000Z\r\nDTSTART:20261210T020000Z\r\nSUMMARY:Test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"u8.ToArray();
        var content = new MailContent("Agenda published", "## Agenda\n\n1. Welcome")
        {
            Attachments = [new MailAttachment("meeting.ics", "text/calendar; method=REQUEST; charset=utf-8", calendar)],
        };

        // Built by the site's builder and sent over its transport, as the sender does for a composed notification.
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var builder = scope.ServiceProvider.GetRequiredService<MailMessageBuilder>();
            var site = scope.ServiceProvider.GetRequiredService<SiteAddress>();
            var message = builder.Build(new MailEnvelope(row, MailboxAddress.Parse("forum@childforum.test"), new MailboxAddress("", user.Email),
                new System.Globalization.CultureInfo("en"), site.PublicUrl), content);
            await using var transport = new SmtpMailTransport(new SmtpOptions { Host = maildev.SmtpHost, Port = maildev.SmtpPort, Security = "none" });
            await transport.SendAsync(message, CancellationToken.None);
        }
        var received = Assert.Single(await maildev.WaitForMessagesAsync(user.Email));

        var unsubscribe = Assert.IsType<string>(received.Headers["List-Unsubscribe"]);
        Assert.StartsWith("<https://forum.childforum.test/mail/unsubscribe?token=", unsubscribe, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers["List-Unsubscribe-Post"]);
        var token = Uri.UnescapeDataString(unsubscribe.Trim('<', '>').Split("token=")[1]);
        var request = node.Services.GetRequiredService<ChildForum.Mail.Services.UnsubscribeTokens>().Read(token);
        Assert.Equal(new ChildForum.Mail.Services.UnsubscribeRequest(user.Id, 77, MailKinds.Agenda), request);
        Assert.Contains(unsubscribe.Trim('<', '>'), received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<h2", received.HtmlBody, StringComparison.Ordinal);

        var mixed = Assert.IsType<Multipart>(received.Body);
        Assert.Equal("mixed", mixed.ContentType.MediaSubtype);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        var invitation = Assert.IsAssignableFrom<MimePart>(alternative[2]);
        Assert.True(invitation.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", invitation.ContentType.Parameters["method"]);
        Assert.Null(invitation.ContentDisposition);
        var file = Assert.IsAssignableFrom<MimePart>(mixed[1]);
        Assert.True(file.IsAttachment);
        Assert.Equal("meeting.ics", file.FileName);
        Assert.NotNull(invitation.Content);
        using var decoded = new MemoryStream();
        await invitation.Content.DecodeToAsync(decoded);
        Assert.Equal(calendar, decoded.ToArray());
    }

    [SkippableFact]
    public async Task A_server_that_refuses_and_then_accepts_gets_the_mail_exactly_once()
    {
        using var maildev = MailDevServer.Require();
        await using var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Refuse);
        await using var node = await NodeAsync(maildev, relay.Port);
        var user = await App.CreateUserAsync();

        var row = await QueueAsync(node, new MailRequest(user.Id, MailKinds.Test, null, "site:test"));
        var refused = await WaitForRowAsync(node, row.Id, r => r.Attempts >= 1);
        Assert.Equal(OutgoingMailStatus.Queued, refused.Status);
        Assert.Contains("421", refused.LastError, StringComparison.Ordinal);
        Assert.Empty(await maildev.MessagesToAsync(user.Email));

        relay.Mode = RelayMode.Forward;
        var sent = await WaitForRowAsync(node, row.Id, r => r.Status == OutgoingMailStatus.Sent);
        var message = Assert.Single(await maildev.WaitForMessagesAsync(user.Email));
        Assert.Equal($"{row.MessageKey:N}@childforum.test", message.MessageId);
        Assert.True(sent.Attempts >= 2);
    }

    [SkippableFact]
    public async Task A_mail_is_kept_as_failed_after_its_last_attempt()
    {
        using var maildev = MailDevServer.Require();
        await using var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Refuse);
        await using var node = await NodeAsync(maildev, relay.Port, new Dictionary<string, string?> { ["Mail:Sending:MaxAttempts"] = "3", ["Mail:Sending:FirstRetryDelay"] = "00:00:00.100" });
        var user = await App.CreateUserAsync();

        var row = await QueueAsync(node, new MailRequest(user.Id, MailKinds.Test, null, "site:test"));
        var failed = await WaitForRowAsync(node, row.Id, r => r.Status == OutgoingMailStatus.Failed);

        Assert.Equal(3, failed.Attempts);
        Assert.StartsWith("Given up after 3 attempts", failed.LastError, StringComparison.Ordinal);
        Assert.Contains("421", failed.LastError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Mail_in_the_queue_when_the_site_stops_is_sent_after_the_restart()
    {
        using var maildev = MailDevServer.Require();
        var user = await App.CreateUserAsync();
        OutgoingMail row;
        await using (var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Hang))
        {
            await using var before = await NodeAsync(maildev, relay.Port);
            row = await QueueAsync(before, new MailRequest(user.Id, MailKinds.Test, null, "site:test"));
            await WaitUntilAsync(() => Task.FromResult(relay.Connections > 0), "the sender to connect to the server that does not answer");
            await before.DisposeAsync();
            var stopped = await ReadRowAsync(row.Id);
            Assert.Equal(OutgoingMailStatus.Queued, stopped.Status);
            Assert.Null(stopped.ClaimedBy);
        }
        Assert.Empty(await maildev.MessagesToAsync(user.Email));

        await using var after = await NodeAsync(maildev);
        var message = Assert.Single(await maildev.WaitForMessagesAsync(user.Email));
        Assert.Equal($"{row.MessageKey:N}@childforum.test", message.MessageId);
        Assert.Equal(OutgoingMailStatus.Sent, (await WaitForRowAsync(after, row.Id, r => r.Status == OutgoingMailStatus.Sent)).Status);
    }

    [SkippableFact]
    public async Task Nothing_reaches_a_recipient_whose_account_was_deleted_while_the_mail_waited()
    {
        using var maildev = MailDevServer.Require();
        await using var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Refuse);
        await using var node = await NodeAsync(maildev, relay.Port);
        var gone = await App.CreateUserAsync();
        var stays = await App.CreateUserAsync();

        var goneRow = await QueueAsync(node, new MailRequest(gone.Id, MailKinds.Test, null, "site:test"));
        await WaitForRowAsync(node, goneRow.Id, r => r.Attempts >= 1);
        await App.QueryDatabaseAsync(db => db.Users.Where(u => u.Id == gone.Id).ExecuteDeleteAsync());
        var staysRow = await QueueAsync(node, new MailRequest(stays.Id, MailKinds.Test, null, "site:test"));
        relay.Mode = RelayMode.Forward;

        await maildev.WaitForMessagesAsync(stays.Email);
        await WaitForRowAsync(node, staysRow.Id, r => r.Status == OutgoingMailStatus.Sent);
        Assert.Empty(await maildev.MessagesToAsync(gone.Email));
        Assert.False(await App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AnyAsync(m => m.Id == goneRow.Id && m.Status == OutgoingMailStatus.Sent)));
    }

    [SkippableFact]
    public async Task Two_web_nodes_never_send_the_same_mail()
    {
        using var maildev = MailDevServer.Require();
        const int count = 50;
        var admin = await App.UserIdAsync(DemoUsers.Admin);
        var addresses = Enumerable.Range(0, count).Select(_ => Unique.Email()).ToList();
        var ids = await QueueTestMailsAsync(admin, addresses);

        var small = new Dictionary<string, string?> { ["Mail:Sending:BatchSize"] = "3" };
        var starting = new[] { NodeAsync(maildev, extra: small), NodeAsync(maildev, extra: small) };
        await using var first = await starting[0];
        await using var second = await starting[1];

        await WaitUntilAsync(() => App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().CountAsync(m => ids.Contains(m.Id) && m.Status == OutgoingMailStatus.Sent)).ContinueWith(t => t.Result == count),
            $"all {count} mails to be sent", TimeSpan.FromSeconds(90));
        foreach (var address in addresses)
        {
            Assert.Single(await maildev.MessagesToAsync(address));
        }
        Assert.All(await App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().Where(m => ids.Contains(m.Id)).ToListAsync()), r => Assert.Equal(1, r.Attempts));
    }

    [SkippableFact]
    public async Task Mails_composed_ahead_of_sending_still_leave_once_each_in_the_order_they_were_queued()
    {
        using var maildev = MailDevServer.Require();
        var admin = (await App.CreateUserAsync()).Id;
        var addresses = Enumerable.Range(0, 12).Select(_ => Unique.Email()).ToList();
        var ids = await QueueTestMailsAsync(admin, addresses);

        await using var node = await NodeAsync(maildev, extra: new Dictionary<string, string?> { ["Mail:Sending:BatchSize"] = "5", ["Mail:Sending:ComposeAhead"] = "4" });

        await WaitUntilAsync(() => App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().CountAsync(m => ids.Contains(m.Id) && m.Status == OutgoingMailStatus.Sent)).ContinueWith(t => t.Result == ids.Count),
            "all 12 mails to be sent", TimeSpan.FromSeconds(60));
        foreach (var address in addresses)
        {
            Assert.Single(await maildev.MessagesToAsync(address));
        }
        var sent = await App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).Select(m => m.SentAt!.Value).ToListAsync());
        Assert.Equal(sent.Order(), sent);
    }

    private static bool Done(OutgoingMail row) => row.Status != OutgoingMailStatus.Queued;

    /// <summary>Queues one test mail to each address (rows written directly, all due now) and returns their ids.</summary>
    private Task<List<long>> QueueTestMailsAsync(string admin, IReadOnlyList<string> addresses) => App.QueryDatabaseAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var rows = addresses.Select(a => new OutgoingMail
        {
            UserId = admin, Kind = MailKinds.Test, Subject = "site:test", Data = TestMail.Data(a), MessageKey = Guid.NewGuid(),
            CreatedAt = now, NextAttemptAt = now, Status = OutgoingMailStatus.Queued,
        }).ToList();
        db.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    });

    /// <summary>A web node of the shared site that sends to MailDev, or to another port (a relay) on its host.</summary>
    private async Task<ForumAppFactory> NodeAsync(MailDevServer maildev, int? smtpPort = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var node = App.NewNode(realServer: false);
        foreach (var (key, value) in maildev.SiteSettings(smtpPort).Concat(extra ?? new Dictionary<string, string?>()))
        {
            node.Settings[key] = value;
        }
        await node.StartAsync();
        return node;
    }

    /// <summary>Queues a mail through the node's outbox, as a module does with its change, and returns its row.</summary>
    private static async Task<OutgoingMail> QueueAsync(ForumAppFactory node, MailRequest request)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        scope.ServiceProvider.GetRequiredService<IMailOutbox>().Enqueue(request);
        var row = db.ChangeTracker.Entries<OutgoingMail>().Single().Entity;
        await db.SaveChangesAsync();
        return row;
    }

    private Task SaveAsync(object entity) => App.QueryDatabaseAsync(async db =>
    {
        db.Add(entity);
        return await db.SaveChangesAsync();
    });

    private Task<OutgoingMail> ReadRowAsync(long id) => App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AsNoTracking().SingleAsync(m => m.Id == id));

    private static async Task<OutgoingMail> WaitForRowAsync(ForumAppFactory site, long id, Func<OutgoingMail, bool> condition)
    {
        OutgoingMail? row = null;
        await WaitUntilAsync(async () =>
        {
            row = await site.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AsNoTracking().SingleAsync(m => m.Id == id));
            return condition(row);
        }, $"mail {id} to reach the expected state", lastSeen: () => $"{row?.Status}, {row?.Attempts} attempts, {row?.LastError}");
        return row!;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? lastSeen = null) =>
        Eventually.HoldsAsync(condition, what, timeout ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), lastSeen);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MailSenderTestsOnSqlite(SqliteAppFixture fixture) : MailSenderTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MailSenderTestsOnPostgres(PostgresAppFixture fixture) : MailSenderTests(fixture);
