using System.Net.Http.Json;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Mail.Services.Replies;
using ChildForum.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit.Sdk;

namespace ChildForum.Discussions.Tests.Hubs;

/// <summary>A reply by e-mail reaches the people watching the thread live: the mail goes into a real IMAP mailbox
/// (Dovecot), the site's reader posts it, and a real SignalR client joined to the thread receives <c>MessagePosted</c> for
/// it, once, as the reply's author wrote it. The node reads the mailbox and serves the hub itself, on Kestrel.</summary>
public abstract class MailReplyBroadcastTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string ReplyAddress = "reply@childforum.test";

    [SkippableFact]
    public async Task A_reply_by_mail_is_pushed_to_a_live_client_joined_to_the_thread()
    {
        var imap = ImapServer.Require();
        var maildev = MailDevServer.Require();
        var mailbox = imap.NewMailbox();
        await using var node = App.NewNode(realServer: true);
        foreach (var (key, value) in maildev.SiteSettings().Concat(imap.SiteSettings(mailbox, ReplyAddress)))
        {
            node.Settings[key] = value;
        }
        await node.StartAsync();
        var facilitator = await App.CreateUserAsync();
        var member = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (facilitator.Email, "facilitator"), (member.Email, "member"));
        int threadId;
        using (var client = await node.ClientForAsync(facilitator))
        {
            using var created = await client.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title = Unique.Name("Summer camps"), body = "Opening the thread." });
            if (!created.IsSuccessStatusCode)
            {
                throw new XunitException($"Creating the thread: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            }
            threadId = (await created.Content.ReadFromJsonAsync<IdJson>())!.Id;
        }
        await using var live = await LiveClient.ConnectAsync(node, facilitator.Email, facilitator.Password);
        await live.JoinAsync(threadId);

        var token = node.Services.GetRequiredService<ReplyTokens>().Create(member.Id, threadId);
        var reply = new MimeMessage { Subject = "Re: Summer camps", Date = DateTimeOffset.UtcNow, Body = new TextPart("plain") { Text = "Replied **by mail**." } };
        reply.From.Add(MailboxAddress.Parse(member.Email));
        reply.To.Add(MailboxAddress.Parse($"reply+{token}@childforum.test"));
        reply.MessageId = $"{Guid.NewGuid():N}@mail.example.org";
        await imap.DeliverAsync(mailbox, reply);

        var posted = await live.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.ThreadId == threadId && m.Body == "Replied **by mail**.", "the reply by mail");
        Assert.Equal(member.Id, posted.Author.Id);
        Assert.Contains("<strong>by mail</strong>", posted.Html, StringComparison.Ordinal);
        Assert.Equal(2, posted.Seq);
        await imap.WaitUntilReadAsync(mailbox, processed: 1);
        Assert.Single(live.Received<MessageJson>(LiveClient.MessagePosted), m => m.ThreadId == threadId);
    }

    private sealed record IdJson(int Id);
}

[Collection(SqliteLiveFixture.Collection)]
public sealed class MailReplyBroadcastTestsOnSqlite(SqliteLiveFixture fixture) : MailReplyBroadcastTests(fixture);

[Collection(PostgresLiveFixture.Collection)]
public sealed class MailReplyBroadcastTestsOnPostgres(PostgresLiveFixture fixture) : MailReplyBroadcastTests(fixture);
