using System.Diagnostics;
using System.Globalization;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Core.Markdown;
using ChildForum.Mail.Benchmarks;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Digest;
using ChildForum.Mail.Services.Reminders;
using ChildForum.Mail.Services.Sending;
using ChildForum.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// The mail benchmark: (a) the daily digest for many people in digest mode, queued by the scheduler and composed by the
// modules' digest sources as the sender composes it (without SMTP); (b) the sender's throughput against a real SMTP server
// (MailDev). The whole site runs in-process on SQLite and on PostgreSQL. See docs/benchmarks.md (section "E-mail").

var options = Options.Parse(args);
if (options is null)
{
    return 2;
}
Console.WriteLine($"Mail benchmark: {options.People:N0} people in {options.Groups} groups ({options.GroupsPerPerson} each, digest mode), digests composed {options.ComposeParallel} at a time, {options.Mails:N0} mails × senders {string.Join(",", options.Senders)}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {Report.LoadAverage()}");
var report = new Report();
using var queries = new QueryCounter();
if (options.Sqlite)
{
    await using var site = new SqliteForumAppFactory();
    await RunAsync(site, "SQLite");
}
if (options.Postgres is { } postgres)
{
    await using var site = new PostgresForumAppFactory(postgres);
    await RunAsync(site, "PostgreSQL");
}
report.Print(options.Markdown);
return 0;

async Task RunAsync(ForumAppFactory site, string provider)
{
    site.Settings["Mail:Smtp:Host"] = options.Smtp?.Split(':')[0] ?? "127.0.0.1";
    site.Settings["Mail:Smtp:Port"] = options.Smtp?.Split(':')[1] ?? "25";
    site.Settings["Mail:Smtp:Security"] = "none";
    site.Settings["Mail:From"] = "ChildForum <forum@childforum.test>";
    site.Settings["ChildForum:PublicUrl"] = "https://forum.childforum.test";
    site.Settings["Mail:Sending:BatchSize"] = "50";
    // The seeding posts many messages as a few facilitators.
    site.Settings["Discussions:RateLimit"] = "1000000";
    await site.StartAsync();
    var services = site.Services;
    // The node's own background work would race the measured calls: the sender, the digest and reminder schedulers stop.
    await services.GetRequiredService<MailSender>().StopAsync(CancellationToken.None);
    await services.GetRequiredService<DigestScheduler>().StopAsync(CancellationToken.None);
    await services.GetRequiredService<ReminderScheduler>().StopAsync(CancellationToken.None);

    var seed = Stopwatch.StartNew();
    var people = await Seed.RunAsync(site, options);
    Console.WriteLine($"{provider}: seeded {people.Count:N0} people and {options.Groups} groups with activity in {seed.Elapsed.TotalSeconds:N1} s");

    // (a) The digest: the scheduler's run at the digest hour, then every digest composed (Markdown and its HTML part).
    var at = Seed.DigestMoment(DateTime.UtcNow);
    var peakBefore = Report.PeakRssMb();
    var wall = Stopwatch.StartNew();
    var queued = await services.GetRequiredService<DigestScheduler>().QueueDueAsync(at, CancellationToken.None);
    var scheduling = wall.Elapsed;
    queries.Start();
    var (composed, sizes) = await ComposeDigestsAsync(services, options.ComposeParallel);
    queries.Stop();
    wall.Stop();
    var composing = wall.Elapsed - scheduling;
    report.Digest.Add(new DigestResult(provider, options.People, queued, composed, scheduling.TotalSeconds, composing.TotalSeconds, wall.Elapsed.TotalSeconds,
        composing.TotalMilliseconds / Math.Max(1, composed), (double)queries.Total / Math.Max(1, composed), sizes, Math.Max(peakBefore, Report.PeakRssMb())));
    foreach (var (text, count, ms) in queries.Top(20))
    {
        Console.WriteLine($"  {count,7:N0} × {ms / count,6:N2} ms  {text}");
    }
    Console.WriteLine($"{provider}: digest queued {queued:N0} in {scheduling.TotalSeconds:N1} s, composed {composed:N0} in {composing.TotalSeconds:N1} s ({composing.TotalMilliseconds / Math.Max(1, composed):N1} ms each), {wall.Elapsed.TotalSeconds:N1} s in all; peak RSS {Report.PeakRssMb():N0} MB");

    // The digests are not sent here: set aside so the sender meets only the test mails.
    await site.QueryDatabaseAsync(db => db.Set<OutgoingMail>().Where(m => m.Status == OutgoingMailStatus.Queued)
        .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, OutgoingMailStatus.Withheld)));

    // (b) The sender: test mails to the people, delivered by 1, 2… senders (each a node of its own with its own claims).
    if (options.Smtp is null)
    {
        return;
    }
    foreach (var senders in options.Senders)
    {
        await QueueTestMailsAsync(services, people.Take(options.Mails).ToList(), options.Mails);
        var send = Stopwatch.StartNew();
        var nodes = Enumerable.Range(0, senders).Select(_ => ActivatorUtilities.CreateInstance<MailSender>(services)).ToList();
        var counts = await Task.WhenAll(nodes.Select(async node =>
        {
            var handled = 0;
            for (int n; (n = await node.SendBatchAsync(CancellationToken.None)) > 0;)
            {
                handled += n;
            }
            return handled;
        }));
        send.Stop();
        var sent = await site.QueryDatabaseAsync(db => db.Set<OutgoingMail>().CountAsync(m => m.Kind == MailKinds.Test && m.Status == OutgoingMailStatus.Sent));
        report.Sending.Add(new SendingResult(provider, senders, counts.Sum(), sent, send.Elapsed.TotalSeconds));
        Console.WriteLine($"{provider}: {senders} sender(s) handled {counts.Sum():N0} mails ({sent:N0} sent) in {send.Elapsed.TotalSeconds:N1} s: {counts.Sum() / send.Elapsed.TotalSeconds:N1} mails/s");
        await site.QueryDatabaseAsync(db => db.Set<OutgoingMail>().Where(m => m.Kind == MailKinds.Test).ExecuteDeleteAsync());
    }

    // The yardstick: the same number of mails of the same shape (built by the site's builder from the test mail's
    // content), sent over the site's SMTP transport in one loop, with no outbox, no database and no composing: what the
    // SMTP server and MailKit allow on this machine.
    await using (var scope = services.CreateAsyncScope())
    {
        var sp = scope.ServiceProvider;
        var builder = sp.GetRequiredService<MailMessageBuilder>();
        var smtp = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChildForum.Mail.MailOptions>>().Value.Smtp;
        var content = new MailContent("ChildForum test mail", "This is a test mail from ChildForum, sent because an administrator asked for one on the administrators' mail page.\n\nIf you can read it, the site's mail server and sender address work.\n\n[Open ChildForum](https://forum.childforum.test/)");
        var from = MimeKit.MailboxAddress.Parse("forum@childforum.test");
        var messages = Enumerable.Range(0, options.Mails).Select(i => builder.Build(new MailEnvelope(
            new OutgoingMail { Id = i, UserId = people[i % people.Count], Kind = MailKinds.Test, Subject = "test:" + i.ToString(CultureInfo.InvariantCulture), MessageKey = Guid.NewGuid() },
            from, new MimeKit.MailboxAddress("", $"bare{i}@childforum.test"), CultureInfo.GetCultureInfo("en"), new Uri("https://forum.childforum.test/")), content)).ToList();
        var bare = Stopwatch.StartNew();
        await using (var transport = new SmtpMailTransport(smtp))
        {
            foreach (var message in messages)
            {
                await transport.SendAsync(message, CancellationToken.None);
            }
        }
        bare.Stop();
        report.Sending.Add(new SendingResult(provider, 0, messages.Count, messages.Count, bare.Elapsed.TotalSeconds));
        Console.WriteLine($"{provider}: MailKit alone sent {messages.Count:N0} mails in {bare.Elapsed.TotalSeconds:N1} s: {messages.Count / bare.Elapsed.TotalSeconds:N1} mails/s");
    }
}

// Every queued digest decided and composed by MailDelivery, as the sender does at send time (the recipient, their
// choices, their principal and language, the digest composer with all modules' sources, the MIME message with its HTML
// part), in batches of the sender's size whose digests share the groups' news, N at a time (--compose-parallel, the
// sender's ComposeAhead). Nothing is sent.
static async Task<(int Composed, double[] Sizes)> ComposeDigestsAsync(IServiceProvider services, int parallel)
{
    List<OutgoingMail> rows;
    await using (var scope = services.CreateAsyncScope())
    {
        rows = await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Set<OutgoingMail>().AsNoTracking()
            .Where(m => m.Kind == MailKinds.Digest && m.Status == OutgoingMailStatus.Queued).OrderBy(m => m.Id).ToListAsync();
    }
    var batchSize = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SendingOptions>>().Value.BatchSize;
    var sizes = new System.Collections.Concurrent.ConcurrentBag<double>();
    foreach (var batch in rows.Chunk(Math.Max(1, batchSize)))
    {
        DigestNews news;
        await using (var scope = services.CreateAsyncScope())
        {
            news = await DigestBatch.StartAsync(scope.ServiceProvider.GetRequiredService<ForumDbContext>(), batch, CancellationToken.None);
        }
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (row, _) =>
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<DigestBatch>().News = news;
            var prepared = await scope.ServiceProvider.GetRequiredService<MailDelivery>().PrepareAsync(row, CancellationToken.None);
            if (prepared.Message is { } message)
            {
                sizes.Add((message.TextBody?.Length ?? 0) + (message.HtmlBody?.Length ?? 0));
            }
        });
    }
    return (sizes.Count, sizes.ToArray());
}

static async Task QueueTestMailsAsync(IServiceProvider services, List<string> userIds, int count)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
    var outbox = scope.ServiceProvider.GetRequiredService<IMailOutbox>();
    for (var i = 0; i < count; i++)
    {
        outbox.Enqueue(new MailRequest(userIds[i % userIds.Count], MailKinds.Test, null, "test:" + i.ToString(CultureInfo.InvariantCulture)));
    }
    await db.SaveChangesAsync();
}
