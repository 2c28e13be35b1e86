using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Mail.Tests.Outbox;

/// <summary>Mail is queued in the unit of work of the change that causes it, and only when the site has an SMTP server.</summary>
public abstract class MailOutboxTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Without_an_smtp_server_nothing_is_queued()
    {
        var (count, _) = await QueueAsync(App, "invitation", save: true);

        Assert.Equal(0, count);
    }

    [SkippableFact]
    public async Task With_an_smtp_server_a_mail_is_queued_when_its_change_is_saved_and_not_before()
    {
        await using var site = App.NewSite(realServer: false);
        // Nothing listens there: the row stays queued (the sender's retries are tested with a real server).
        site.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        site.Settings["Mail:Smtp:Port"] = "9";
        site.Settings["Mail:From"] = "forum@example.org";
        await site.StartAsync();

        var (unsaved, _) = await QueueAsync(site, MailKinds.Test, save: false);
        var (saved, rows) = await QueueAsync(site, MailKinds.Test, save: true);

        Assert.Equal(0, unsaved);
        Assert.Equal(1, saved);
        var row = Assert.Single(rows);
        Assert.Equal(MailKinds.Test, row.Kind);
        Assert.NotEqual(Guid.Empty, row.MessageKey);
        Assert.Contains(row.Status, new[] { OutgoingMailStatus.Queued, OutgoingMailStatus.Failed, OutgoingMailStatus.Withheld, OutgoingMailStatus.Sent });
    }

    /// <summary>Queues one mail for a new person in a scope of its own, saving or not; then counts that person's rows.</summary>
    private static async Task<(int Count, List<OutgoingMail> Rows)> QueueAsync(ForumAppFactory site, string kind, bool save)
    {
        var userId = (await site.CreateUserAsync()).Id;
        using (var scope = site.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<IMailOutbox>().Enqueue(new MailRequest(userId, kind, null, "site:test"));
            if (save)
            {
                await scope.ServiceProvider.GetRequiredService<ForumDbContext>().SaveChangesAsync();
            }
        }
        using var check = site.Services.CreateScope();
        var rows = await check.ServiceProvider.GetRequiredService<ForumDbContext>().Set<OutgoingMail>().Where(m => m.UserId == userId).ToListAsync();
        return (rows.Count, rows);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MailOutboxTestsOnSqlite(SqliteAppFixture fixture) : MailOutboxTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MailOutboxTestsOnPostgres(PostgresAppFixture fixture) : MailOutboxTests(fixture);
