using System.Net.Http.Json;
using ChildForum.Core.Mail;
using ChildForum.Discussions.Models;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Replies;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Text;
using Xunit.Sdk;

namespace ChildForum.Mail.Tests.Replies;

/// <summary>Replies by e-mail end to end: a thread mail read back from a real SMTP server (MailDev) carries the reply
/// address; a reply is delivered into a real IMAP mailbox (Dovecot, by APPEND, as a mail client's mail arrives); the site
/// reads it, posts it as its sender through the same service as the page, and answers a refused one by mail. Each test
/// has its own people, group, thread and mailbox, on a web node of the shared site that sends and reads mail.</summary>
public abstract class ReplyByMailTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string ReplyAddress = "reply@childforum.test";

    public static TheoryData<string, string> QuotingReplies => new()
    {
        {
            "Thanks, I agree with the timeline.",
            "Thanks, I agree with the timeline.\n\nOn Mon, Dec 7, 2026 at 10:15 AM ChildForum <forum@childforum.test> wrote:\n\n> Could you share the numbers?\n> Opening the thread.\n"
        },
        {
            "收到，我们周五前提交数据。",
            "收到，我们周五前提交数据。\n\n\n------------------\u00a0原始邮件\u00a0------------------\n发件人: \"ChildForum\" <forum@childforum.test>;\n发送时间: 2026年12月7日(星期一) 上午10:15\n主题: 回复\n\n能否分享一下数字？\n"
        },
    };

    [SkippableTheory]
    [MemberData(nameof(QuotingReplies))]
    public async Task A_reply_that_quotes_is_posted_without_the_quote_as_its_sender_and_once_however_often_it_is_read(string expected, string written)
    {
        var scene = await SceneAsync();
        await using var node = scene.Node;
        // The member is answered in the thread; the mail that tells them carries the reply address.
        using var facilitator = await node.ClientForAsync(scene.Facilitator);
        using var member = await node.ClientForAsync(scene.Member);
        var asked = await PostAsync<MessageJson>(member, $"/api/v1/threads/{scene.ThreadId}/messages", new { body = "Could you share the numbers?", clientMessageId = Guid.NewGuid().ToString("N") });
        await PostAsync<MessageJson>(facilitator, $"/api/v1/threads/{scene.ThreadId}/messages", new { body = "Here they are.", clientMessageId = Guid.NewGuid().ToString("N"), replyToId = asked.Id });
        var notification = Assert.Single(await scene.MailDev.WaitForMessagesAsync(scene.Member.Email));
        var replyTo = Assert.Single(notification.ReplyTo.Mailboxes);
        Assert.Matches(@"^reply\+[a-z2-7]{48}@childforum\.test$", replyTo.Address);

        var reply = Reply(scene.Member.Email, replyTo.Address, notification, new TextPart(TextFormat.Plain) { Text = written });
        await scene.Imap.DeliverAsync(scene.Mailbox, reply);
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 1);

        var posted = Assert.Single(await MessagesByAsync(scene.ThreadId, scene.Member.Id), m => m.Body == expected);
        Assert.Equal("mail:" + reply.MessageId, posted.ClientMessageId);
        // Anyone in the thread sees it as the member's message.
        var page = await facilitator.GetFromJsonAsync<PageJson>($"/api/v1/threads/{scene.ThreadId}/messages");
        Assert.Contains(page!.Items, m => m.Body == expected && m.Author.Id == scene.Member.Id);

        // The same mail read again (a second delivery, a node that stopped before moving it): still one message.
        await scene.Imap.DeliverAsync(scene.Mailbox, reply);
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 2);
        Assert.Single(await MessagesByAsync(scene.ThreadId, scene.Member.Id), m => m.ClientMessageId == posted.ClientMessageId);
        Assert.Empty(await RefusalsAsync(scene.Member.Id));
    }

    [SkippableFact]
    public async Task An_html_only_reply_is_posted_as_its_text()
    {
        var scene = await SceneAsync();
        await using var node = scene.Node;
        var html = new TextPart(TextFormat.Html)
        {
            Text = "<div dir=\"ltr\">Posted from <b>HTML</b>.</div><div class=\"gmail_quote\"><blockquote class=\"gmail_quote\">Earlier mail</blockquote></div>",
        };

        await scene.Imap.DeliverAsync(scene.Mailbox, Reply(scene.Member.Email, scene.Address(scene.Member), null, html));
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 1);

        Assert.Single(await MessagesByAsync(scene.ThreadId, scene.Member.Id), m => m.Body == "Posted from HTML.");
    }

    [SkippableFact]
    public async Task A_forged_or_altered_token_posts_nothing_and_tells_no_one_about_the_thread()
    {
        var scene = await SceneAsync();
        await using var node = scene.Node;
        var genuine = scene.Address(scene.Member);
        var at = genuine.IndexOf('@', StringComparison.Ordinal);
        var altered = genuine[..(at - 1)] + (genuine[at - 1] == 'a' ? 'b' : 'a') + genuine[at..];
        var stranger = Unique.Email();

        // The member's own address with a token changed by one letter; the member's genuine token from a stranger.
        await scene.Imap.DeliverAsync(scene.Mailbox, Reply(scene.Member.Email, altered, null, Plain("Posted with a forged token.")));
        await scene.Imap.DeliverAsync(scene.Mailbox, Reply(stranger, genuine, null, Plain("Posted by a stranger.")));
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 2);

        Assert.Empty(await MessagesInAsync(scene.ThreadId, "Posted with a forged token.", "Posted by a stranger."));
        // The member, a person of the site, is told that the address was not theirs, and nothing about the thread.
        var refusal = Assert.Single(await scene.MailDev.WaitForMessagesAsync(scene.Member.Email));
        Assert.Equal("Your reply was not posted", refusal.Subject);
        Assert.Contains("is not a reply address of this site for you", refusal.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(scene.ThreadTitle, refusal.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/threads/", refusal.TextBody, StringComparison.Ordinal);
        Assert.Empty(refusal.ReplyTo.Mailboxes);
        // Nobody answers the stranger.
        Assert.Empty(await scene.MailDev.MessagesToAsync(stranger));
    }

    [SkippableFact]
    public async Task A_reply_from_a_removed_member_posts_nothing_and_is_answered_in_their_language()
    {
        var scene = await SceneAsync();
        await using var node = scene.Node;
        await App.QueryDatabaseAsync(async db =>
        {
            db.Add(new NotificationSettings { UserId = scene.Member.Id, Language = "zh-Hans" });
            return await db.SaveChangesAsync();
        });
        var address = scene.Address(scene.Member);
        using (var facilitator = await node.ClientForAsync(scene.Facilitator))
        using (var removal = await facilitator.DeleteAsync($"/api/v1/groups/{scene.Group.Id}/members/{scene.Member.Id}"))
        {
            Assert.True(removal.IsSuccessStatusCode, $"Removing the member: {(int)removal.StatusCode}");
        }

        await scene.Imap.DeliverAsync(scene.Mailbox, Reply(scene.Member.Email, address, null, Plain("Written after my removal.")));
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 1);

        Assert.Empty(await MessagesInAsync(scene.ThreadId, "Written after my removal."));
        var refusal = Assert.Single(await scene.MailDev.WaitForMessagesAsync(scene.Member.Email));
        Assert.Equal("您的回复未能发布", refusal.Subject);
        Assert.Contains("您已不再是其所属小组的成员", refusal.TextBody, StringComparison.Ordinal);
        Assert.Equal("zh-Hans", refusal.Body!.Headers[HeaderId.ContentLanguage]);
        // They may no longer read the thread: no title, no link.
        Assert.DoesNotContain(scene.ThreadTitle, refusal.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/threads/", refusal.TextBody, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_reply_with_a_resident_ID_number_is_refused_by_the_guard_with_a_mail_that_links_to_the_thread()
    {
        var scene = await SceneAsync();
        await using var node = scene.Node;
        var body = $"The child's number is {IdNumbers.Valid}.";

        await scene.Imap.DeliverAsync(scene.Mailbox, Reply(scene.Member.Email, scene.Address(scene.Member), null, Plain(body)));
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 1);

        Assert.Empty(await MessagesInAsync(scene.ThreadId, body));
        var refusal = Assert.Single(await scene.MailDev.WaitForMessagesAsync(scene.Member.Email));
        Assert.Contains("resident ID number", refusal.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumbers.Valid, refusal.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://forum.childforum.test/groups/{scene.Group.Slug}/threads/{scene.ThreadId}", refusal.TextBody, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_out_of_office_answer_is_neither_posted_nor_answered()
    {
        var scene = await SceneAsync();
        await using var node = scene.Node;
        var automatic = Reply(scene.Member.Email, scene.Address(scene.Member), null, Plain("I am out of the office until Monday."));
        automatic.Headers.Add("Auto-Submitted", "auto-replied");

        await scene.Imap.DeliverAsync(scene.Mailbox, automatic);
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 1);

        Assert.Empty(await MessagesInAsync(scene.ThreadId, "I am out of the office until Monday."));
        Assert.Empty(await RefusalsAsync(scene.Member.Id));
    }

    [SkippableFact]
    public async Task The_reader_connects_again_after_the_mailbox_was_unreachable_and_then_reads_the_reply()
    {
        var imap = ImapServer.Require();
        await using var relay = new SmtpRelay(imap.Host, imap.Port, RelayMode.Refuse);
        var scene = await SceneAsync(relay.Port);
        await using var node = scene.Node;
        await scene.Imap.DeliverAsync(scene.Mailbox, Reply(scene.Member.Email, scene.Address(scene.Member), null, Plain("Sent while the mailbox was down.")));

        // The server answers nonsense and hangs up: the reader keeps trying, with its back-off.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (relay.Connections < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.True(relay.Connections >= 2, $"The reader tried {relay.Connections} time(s) in 20 s.");
        Assert.Empty(await MessagesInAsync(scene.ThreadId, "Sent while the mailbox was down."));

        relay.Mode = RelayMode.Forward;
        await scene.Imap.WaitUntilReadAsync(scene.Mailbox, processed: 1);
        Assert.Single(await MessagesInAsync(scene.ThreadId, "Sent while the mailbox was down."));
    }

    private sealed record Scene(
        ForumAppFactory Node, MailDevServer MailDev, ImapServer Imap, string Mailbox,
        TestUser Facilitator, TestUser Member, GroupJson Group, int ThreadId, string ThreadTitle)
    {
        /// <summary>The person's reply address for the thread, as the site writes it into a mail's Reply-To.</summary>
        public string Address(TestUser person) =>
            $"reply+{Node.Services.GetRequiredService<ReplyTokens>().Create(person.Id, ThreadId)}@childforum.test";
    }

    /// <param name="imapPort">Where the site reaches the mailbox (a relay in front of Dovecot), when not Dovecot itself.</param>
    private async Task<Scene> SceneAsync(int? imapPort = null)
    {
        var maildev = MailDevServer.Require();
        var imap = ImapServer.Require();
        var mailbox = imap.NewMailbox();
        var node = App.NewNode(realServer: false);
        foreach (var (key, value) in maildev.SiteSettings().Concat(imap.SiteSettings(mailbox, ReplyAddress)))
        {
            node.Settings[key] = value;
        }
        if (imapPort is { } port)
        {
            node.Settings["Mail:Imap:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            node.Settings["Mail:Replies:MaxReconnectDelay"] = "00:00:01";
        }
        await node.StartAsync();
        var facilitator = await App.CreateUserAsync();
        var member = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (facilitator.Email, "facilitator"), (member.Email, "member"));
        using var client = await node.ClientForAsync(facilitator);
        var title = Unique.Name("Summer camps");
        var thread = await PostAsync<IdJson>(client, $"/api/v1/groups/{group.Id}/threads", new { title, body = "Opening the thread." });
        return new Scene(node, maildev, imap, mailbox, facilitator, member, group, thread.Id, title);
    }

    /// <summary>A reply as a mail client writes it: from the person, to the reply address, a Message-ID of its own.</summary>
    private static MimeMessage Reply(string from, string to, MimeMessage? original, MimeEntity body)
    {
        var message = new MimeMessage { Subject = "Re: " + (original?.Subject ?? "Summer camps"), Body = body, Date = DateTimeOffset.UtcNow };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = $"{Guid.NewGuid():N}@mail.example.org";
        if (original is not null)
        {
            message.InReplyTo = original.MessageId;
        }
        return message;
    }

    private static TextPart Plain(string text) => new(TextFormat.Plain) { Text = text };

    private Task<List<Message>> MessagesByAsync(int threadId, string authorId) =>
        App.QueryDatabaseAsync(db => db.Set<Message>().AsNoTracking().Where(m => m.ThreadId == threadId && m.AuthorId == authorId).ToListAsync());

    private Task<List<Message>> MessagesInAsync(int threadId, params string[] bodies) =>
        App.QueryDatabaseAsync(db => db.Set<Message>().AsNoTracking().Where(m => m.ThreadId == threadId && bodies.Contains(m.Body)).ToListAsync());

    private Task<List<OutgoingMail>> RefusalsAsync(string userId) =>
        App.QueryDatabaseAsync(db => db.Set<OutgoingMail>().AsNoTracking().Where(m => m.UserId == userId && m.Kind == MailKinds.ReplyRefused).ToListAsync());

    private static async Task<T> PostAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private sealed record IdJson(int Id);

    private sealed record MessageJson(long Id, int Seq);

    private sealed record AuthorJson(string Id);

    private sealed record PageMessageJson(string Body, AuthorJson Author);

    private sealed record PageJson(List<PageMessageJson> Items);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ReplyByMailTestsOnSqlite(SqliteAppFixture fixture) : ReplyByMailTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ReplyByMailTestsOnPostgres(PostgresAppFixture fixture) : ReplyByMailTests(fixture);
