using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Digest;
using ChildForum.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Xunit.Sdk;

namespace ChildForum.Mail.Tests.Digest;

/// <summary>The daily digest: the scheduler called with a chosen time (days ahead, at an hour that is not the real one, so
/// the nodes' own schedulers never interfere), the composer with a source of the test's own, and the whole way to MailDev
/// with the modules' sources.</summary>
public abstract class DigestMailTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Shanghai = "Asia/Shanghai";
    private static readonly Uri PublicUrl = new("https://forum.example.org/");

    [SkippableFact]
    public async Task A_person_in_digest_mode_gets_one_digest_at_their_hour_and_not_a_second_that_day()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (person, _, hour) = await DigestPersonAsync(Shanghai);
        var day = DateTime.UtcNow.Date.AddDays(3);
        var scheduler = node.Services.GetRequiredService<DigestScheduler>();

        await scheduler.QueueDueAsync(ShanghaiTime(day, hour).AddMinutes(-5), CancellationToken.None);
        Assert.Empty(await DigestRowsAsync(person.Id));

        var first = ShanghaiTime(day, hour).AddMinutes(5);
        await scheduler.QueueDueAsync(first, CancellationToken.None);
        await scheduler.QueueDueAsync(first.AddMinutes(30), CancellationToken.None);
        await scheduler.QueueDueAsync(first.AddHours(5), CancellationToken.None);
        var row = Assert.Single(await DigestRowsAsync(person.Id));
        Assert.Null(row.GroupId);
        Assert.Equal($"digest:{day:yyyy-MM-dd}", row.Subject);
        Assert.Equal((first.AddDays(-1), first), DigestPeriod.Read(row.Data));

        // The next day: the next digest, from where the first one ended.
        await scheduler.QueueDueAsync(first.AddDays(1), CancellationToken.None);
        var rows = await DigestRowsAsync(person.Id);
        Assert.Equal(2, rows.Count);
        Assert.Equal((first, first.AddDays(1)), DigestPeriod.Read(rows[1].Data));
        Assert.Equal($"digest:{day.AddDays(1):yyyy-MM-dd}", rows[1].Subject);
    }

    [SkippableFact]
    public async Task Nobody_gets_a_digest_who_switched_mail_off_unsubscribed_from_it_or_has_no_group_in_digest_mode()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (off, _, hour) = await DigestPersonAsync(Shanghai);
        var (unsubscribed, _, _) = await DigestPersonAsync(Shanghai, hour);
        var (each, group, _) = await DigestPersonAsync(Shanghai, hour);
        await App.QueryDatabaseAsync(async db =>
        {
            (await db.Set<NotificationSettings>().SingleAsync(s => s.UserId == off.Id)).Enabled = false;
            db.Add(new MailOptOut { UserId = unsubscribed.Id, GroupId = 0, Kind = MailKinds.Digest, CreatedAt = DateTime.UtcNow });
            (await db.Set<GroupNotificationSetting>().SingleAsync(s => s.UserId == each.Id && s.GroupId == group.Id)).Mode = NotificationModes.Each;
            return await db.SaveChangesAsync();
        });

        await node.Services.GetRequiredService<DigestScheduler>().QueueDueAsync(ShanghaiTime(DateTime.UtcNow.Date.AddDays(3), hour).AddMinutes(5), CancellationToken.None);

        Assert.Empty(await DigestRowsAsync(off.Id));
        Assert.Empty(await DigestRowsAsync(unsubscribed.Id));
        Assert.Empty(await DigestRowsAsync(each.Id));
    }

    [SkippableFact]
    public async Task Two_nodes_scheduling_at_the_same_moment_queue_one_digest_per_person()
    {
        using var maildev = MailDevServer.Require();
        await using var one = await NodeAsync(maildev);
        await using var two = await NodeAsync(maildev);
        var hour = OtherHour(Shanghai);
        var people = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            people.Add((await DigestPersonAsync(Shanghai, hour)).Person);
        }
        var at = ShanghaiTime(DateTime.UtcNow.Date.AddDays(3), hour).AddMinutes(5);

        await Task.WhenAll(
            one.Services.GetRequiredService<DigestScheduler>().QueueDueAsync(at, CancellationToken.None),
            two.Services.GetRequiredService<DigestScheduler>().QueueDueAsync(at, CancellationToken.None));

        foreach (var person in people)
        {
            Assert.Single(await DigestRowsAsync(person.Id));
        }
    }

    [SkippableFact]
    public async Task A_digest_with_nothing_in_it_is_not_sent()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        var (person, _, hour) = await DigestPersonAsync(Shanghai);

        await node.Services.GetRequiredService<DigestScheduler>().QueueDueAsync(ShanghaiTime(DateTime.UtcNow.Date.AddDays(3), hour).AddMinutes(5), CancellationToken.None);

        var row = await WaitForDigestAsync(person.Id);
        Assert.Equal(OutgoingMailStatus.Withheld, row.Status);
        Assert.Empty(await maildev.MessagesToAsync(person.Email));
    }

    [SkippableTheory]
    [InlineData("en", "Your ChildForum digest of ", "What happened in your groups since ")]
    [InlineData("zh-Hans", "ChildForum 每日摘要（", "以来，您的工作组中的新动态。")]
    public async Task The_digest_has_a_heading_per_group_and_a_linked_line_per_item_in_the_persons_language(string language, string subject, string intro)
    {
        var (person, group, _) = await DigestPersonAsync(Shanghai);
        var (_, other, _) = await DigestPersonAsync(Shanghai);
        var source = new FixedSource(
            new DigestSection(30, group.Id, "Meetings", [new DigestItem("Agenda published: Dormitories [1](https://evil.example)", $"https://forum.example.org/groups/{group.Slug}/meetings/1")]),
            new DigestSection(10, group.Id, "Discussions", [new DigestItem("Summer camps: 3 new messages", $"https://forum.example.org/groups/{group.Slug}/threads/2#m4")]),
            // A group the person is not in: a source that answered for it anyway is not believed.
            new DigestSection(10, other.Id, "Discussions", [new DigestItem("Someone else's thread", "https://forum.example.org/x")]));

        var mail = await ComposeAsync(person, source, CultureInfo.GetCultureInfo(language));

        Assert.NotNull(mail);
        Assert.StartsWith(subject, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(intro, mail.Markdown, StringComparison.Ordinal);
        Assert.Contains($"## [{MailText.Escape(group.Name)}](https://forum.example.org/groups/{group.Slug})", mail.Markdown, StringComparison.Ordinal);
        Assert.Contains($"- [{MailText.Escape("Summer camps: 3 new messages")}](https://forum.example.org/groups/{group.Slug}/threads/2#m4)", mail.Markdown, StringComparison.Ordinal);
        // A title written as a link stays text: no link to evil.example in the mail.
        Assert.Contains(MailText.Escape("Dormitories [1](https://evil.example)"), mail.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](https://evil.example", mail.Markdown, StringComparison.Ordinal);
        Assert.True(mail.Markdown.IndexOf("**Discussions**", StringComparison.Ordinal) < mail.Markdown.IndexOf("**Meetings**", StringComparison.Ordinal), "Sections in their order.");
        Assert.DoesNotContain("Someone else", mail.Markdown, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task No_digest_is_composed_when_nothing_happened_or_the_person_may_no_longer_read_the_group()
    {
        var (person, group, _) = await DigestPersonAsync(Shanghai);
        var section = new DigestSection(10, group.Id, "Discussions", [new DigestItem("A thread", "https://forum.example.org/t")]);
        Assert.Null(await ComposeAsync(person, new FixedSource(), CultureInfo.GetCultureInfo("en")));
        Assert.NotNull(await ComposeAsync(person, new FixedSource(section), CultureInfo.GetCultureInfo("en")));

        await App.QueryDatabaseAsync(async db =>
        {
            db.RemoveRange(await db.Set<ChildForum.WorkingGroups.Models.Membership>().Where(m => m.UserId == person.Id && m.GroupId == group.Id).ToListAsync());
            return await db.SaveChangesAsync();
        });
        Assert.Null(await ComposeAsync(person, new FixedSource(section), CultureInfo.GetCultureInfo("en")));
    }

    /// <summary>With the modules' own sources (merged with the digest sources): an agenda published and a thread written in
    /// a group in digest mode reach the person in one digest, in Chinese, with links into the site and a working one-click
    /// unsubscribe that stops the next digest. Skipped while no module adds to the digest.</summary>
    [SkippableFact]
    public async Task Activity_in_a_digest_group_arrives_in_one_digest_whose_unsubscribe_link_stops_the_next()
    {
        using var maildev = MailDevServer.Require();
        await using var node = await NodeAsync(maildev);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            Skip.If(!scope.ServiceProvider.GetServices<IDigestSource>().Any(), "No module adds to the digest yet (the digest sources are merged separately).");
        }
        var facilitator = await App.CreateUserAsync();
        var (person, group, hour) = await DigestPersonAsync(Shanghai, facilitatorEmail: facilitator.Email);
        await App.QueryDatabaseAsync(async db =>
        {
            var settings = await db.Set<NotificationSettings>().SingleAsync(s => s.UserId == person.Id);
            settings.Language = "zh-Hans";
            settings.LastDigestUntil = DateTime.UtcNow.AddHours(-1);
            return await db.SaveChangesAsync();
        });
        using var client = await node.ClientForAsync(facilitator.Email, facilitator.Password);
        using (var thread = await client.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title = "Summer camps", body = "Opening the thread." }))
        {
            Assert.True(thread.IsSuccessStatusCode, $"Creating the thread: {(int)thread.StatusCode}");
        }

        var first = ShanghaiTime(DateTime.UtcNow.Date.AddDays(3), hour).AddMinutes(5);
        await node.Services.GetRequiredService<DigestScheduler>().QueueDueAsync(first, CancellationToken.None);
        var message = Assert.Single(await maildev.WaitForMessagesAsync(person.Email));
        Assert.StartsWith("ChildForum 每日摘要", message.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://forum.childforum.test/groups/{group.Slug}", message.TextBody ?? "", StringComparison.Ordinal);
        Assert.Contains("Summer camps", message.TextBody ?? "", StringComparison.Ordinal);

        var unsubscribe = new Uri((message.Headers["List-Unsubscribe"] ?? throw new XunitException("The digest has no List-Unsubscribe header.")).Trim('<', '>'));
        using (var anonymous = node.CreateClient())
        using (var response = await anonymous.PostAsync(unsubscribe.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await node.Services.GetRequiredService<DigestScheduler>().QueueDueAsync(first.AddDays(1), CancellationToken.None);
        Assert.Single(await DigestRowsAsync(person.Id));
    }

    /// <summary>A digest the SMTP server refused until the sender gave up: its news is not lost but arrives with the next
    /// digest, whose period starts where the failed one's started; a digest after one that arrived covers only what is
    /// new, so nothing comes twice.</summary>
    [SkippableFact]
    public async Task The_news_of_a_digest_that_failed_every_attempt_arrives_with_the_next_digest_and_only_once()
    {
        using var maildev = MailDevServer.Require();
        await using var relay = new SmtpRelay(maildev.SmtpHost, maildev.SmtpPort, RelayMode.Refuse);
        await using var node = await NodeAsync(maildev, relay.Port, new Dictionary<string, string?> { ["Mail:Sending:MaxAttempts"] = "2", ["Mail:Sending:FirstRetryDelay"] = "00:00:00.100" });
        await using (var scope = node.Services.CreateAsyncScope())
        {
            Skip.If(!scope.ServiceProvider.GetServices<IDigestSource>().Any(), "No module adds to the digest yet (the digest sources are merged separately).");
        }
        var facilitator = await App.CreateUserAsync();
        var (person, group, hour) = await DigestPersonAsync(Shanghai, facilitatorEmail: facilitator.Email);
        var lastSent = DateTime.UtcNow.AddHours(-1);
        await App.QueryDatabaseAsync(async db =>
        {
            (await db.Set<NotificationSettings>().SingleAsync(s => s.UserId == person.Id)).LastDigestUntil = lastSent;
            return await db.SaveChangesAsync();
        });
        using var client = await node.ClientForAsync(facilitator.Email, facilitator.Password);
        using (var thread = await client.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title = "Summer camps", body = "Opening the thread." }))
        {
            Assert.True(thread.IsSuccessStatusCode, $"Creating the thread: {(int)thread.StatusCode}");
        }
        var scheduler = node.Services.GetRequiredService<DigestScheduler>();

        var first = ShanghaiTime(DateTime.UtcNow.Date.AddDays(3), hour).AddMinutes(5);
        await scheduler.QueueDueAsync(first, CancellationToken.None);
        var failed = await WaitForDigestAsync(person.Id);
        Assert.Equal(OutgoingMailStatus.Failed, failed.Status);
        Assert.Equal(2, failed.Attempts);
        Assert.Empty(await maildev.MessagesToAsync(person.Email));

        relay.Mode = RelayMode.Forward;
        await scheduler.QueueDueAsync(first.AddDays(1), CancellationToken.None);
        var rows = await DigestRowsAsync(person.Id);
        Assert.Equal(2, rows.Count);
        Assert.Equal((DigestPeriod.Read(failed.Data)!.Value.SinceUtc, first.AddDays(1)), DigestPeriod.Read(rows[1].Data));
        var message = Assert.Single(await maildev.WaitForMessagesAsync(person.Email));
        Assert.Contains("Summer camps", message.TextBody ?? "", StringComparison.Ordinal);
        Assert.Equal(OutgoingMailStatus.Sent, (await WaitForDigestAsync(person.Id, rows[1].Id)).Status);

        // The digest after one that arrived starts where that one ended: nothing new, so nothing is sent.
        await scheduler.QueueDueAsync(first.AddDays(2), CancellationToken.None);
        rows = await DigestRowsAsync(person.Id);
        Assert.Equal(3, rows.Count);
        Assert.Equal((first.AddDays(1), first.AddDays(2)), DigestPeriod.Read(rows[2].Data));
        Assert.Equal(OutgoingMailStatus.Withheld, (await WaitForDigestAsync(person.Id, rows[2].Id)).Status);
        Assert.Single(await maildev.MessagesToAsync(person.Email));
    }

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

    /// <summary>A person of their own in a members-only group set to digest, with a digest hour in <paramref name="zone"/>
    /// twelve hours from the real one (unless given).</summary>
    private async Task<(TestUser Person, GroupJson Group, int Hour)> DigestPersonAsync(string zone, int? hour = null, string? facilitatorEmail = null)
    {
        var person = await App.CreateUserAsync();
        var group = facilitatorEmail is null
            ? await App.CreateGroupAsync("members", (person.Email, "member"))
            : await App.CreateGroupAsync("members", (facilitatorEmail, "facilitator"), (person.Email, "member"));
        var digestHour = hour ?? OtherHour(zone);
        await App.QueryDatabaseAsync(db =>
        {
            db.Add(new NotificationSettings { UserId = person.Id, DigestHour = digestHour, TimeZone = zone });
            db.Add(new GroupNotificationSetting { UserId = person.Id, GroupId = group.Id, Mode = NotificationModes.Digest });
            return db.SaveChangesAsync();
        });
        return (person, group, digestHour);
    }

    private static int OtherHour(string zone) =>
        (TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone)).Hour + 12) % 24;

    private static DateTime ShanghaiTime(DateTime day, int hour) => DateTime.SpecifyKind(day.Date.AddHours(hour - 8), DateTimeKind.Utc);

    private Task<List<OutgoingMail>> DigestRowsAsync(string userId) =>
        App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AsNoTracking().Where(m => m.UserId == userId && m.Kind == MailKinds.Digest).OrderBy(m => m.Id).ToListAsync());

    /// <summary>The person's only digest row (or the one with <paramref name="id"/>) once the sender has settled it.</summary>
    private async Task<OutgoingMail> WaitForDigestAsync(string userId, long? id = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var rows = await DigestRowsAsync(userId);
            var row = id is { } wanted ? rows.SingleOrDefault(r => r.Id == wanted) : rows.SingleOrDefault();
            if (row is { Status: not OutgoingMailStatus.Queued })
            {
                return row;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"The digest of {userId} was not handled: {row?.Status} ({row?.LastError}).");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The digest as the sender composes it, with <paramref name="source"/> as the only source.</summary>
    private async Task<MailContent?> ComposeAsync(TestUser person, IDigestSource source, CultureInfo culture)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var recipient = await services.GetRequiredService<UserManager<ForumUser>>().FindByIdAsync(person.Id) ?? throw new XunitException("No such person.");
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<ForumUser>>().CreateAsync(recipient);
        var composer = new DigestComposer(services.GetRequiredService<ForumDbContext>(), services.GetRequiredService<AccessRule>(), [source],
            new DigestBatch(), services.GetRequiredService<IStringLocalizer<MailResource>>());
        var until = DateTime.UtcNow;
        var request = new MailRequest(person.Id, MailKinds.Digest, null, DigestPeriod.Subject(DateOnly.FromDateTime(until)), DigestPeriod.Data(until.AddDays(-1), until));
        return await composer.ComposeAsync(new MailContext(request, recipient, principal, culture, PublicUrl), CancellationToken.None);
    }

    /// <summary>A module that always reports the same sections, whichever groups it is asked about.</summary>
    private sealed class FixedSource(params DigestSection[] sections) : IDigestSource
    {
        public Task<IReadOnlyList<DigestSection>> CollectAsync(DigestContext context, IReadOnlyCollection<int> groupIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DigestSection>>(sections);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DigestMailTestsOnSqlite(SqliteAppFixture fixture) : DigestMailTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DigestMailTestsOnPostgres(PostgresAppFixture fixture) : DigestMailTests(fixture);
