using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Digest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services.Sending;

/// <summary>Delivers the outbox: claims due rows in batches (<see cref="MailClaims"/>), decides and sends each one at send
/// time (<see cref="MailDelivery"/>) over one SMTP connection per batch, and records the result. A failed attempt is tried
/// again after <see cref="SendingOptions.RetryDelay"/> and kept as failed after <see cref="SendingOptions.MaxAttempts"/>.
/// Rows are durable: after a restart, or when a node stops mid-batch (its unsent rows are released) or crashes (its claims
/// lapse), they are sent by whichever node runs. Woken by <see cref="MailSignal"/> when a mail is queued on this node,
/// otherwise it polls. Logs name rows and kinds, never a mail's text.</summary>
public sealed class MailSender(
    IServiceScopeFactory scopes,
    MailSignal signal,
    IOptions<MailOptions> mail,
    IOptions<SendingOptions> options,
    TimeProvider clock,
    ILogger<MailSender> logger) : BackgroundService
{
    /// <summary>This node's name in <see cref="OutgoingMail.ClaimedBy"/>.</summary>
    public string Node { get; } = NodeName();

    private static string NodeName()
    {
        var name = $"{Environment.MachineName}/{Guid.NewGuid():N}";
        return name.Length > 100 ? name[^100..] : name;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!mail.Value.Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendBatchAsync(stoppingToken) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The mail sender failed; it tries again.");
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and handles one batch; returns how many rows it claimed (0 when nothing was due).</summary>
    public async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        List<OutgoingMail> rows;
        DigestNews news;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            var ids = await MailClaims.ClaimAsync(db, Node, now, now + settings.ClaimDuration, Math.Max(1, settings.BatchSize), cancellationToken);
            if (ids.Count == 0)
            {
                return 0;
            }
            rows = await db.Set<OutgoingMail>().AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
            news = await DigestBatch.StartAsync(db, rows, cancellationToken);
        }

        // Rows are composed a few ahead of the one being sent, each in a scope of its own: composing waits mostly on the
        // database, so the window keeps both the database and the SMTP connection busy. Rows are still sent, and their
        // results recorded, in the order of queueing; a row is composed at most a window's sends before it leaves.
        var window = Math.Max(1, settings.ComposeAhead);
        var pending = new Queue<(OutgoingMail Row, Task<PreparedMail> Prepared)>();
        var next = 0;
        void Fill()
        {
            while (next < rows.Count && pending.Count < window)
            {
                var row = rows[next++];
                pending.Enqueue((row, PrepareAsync(row, news, cancellationToken)));
            }
        }

        try
        {
            await using var transport = new SmtpMailTransport(mail.Value.Smtp);
            Fill();
            while (pending.TryPeek(out var item))
            {
                DeliveryResult result;
                try
                {
                    result = await MailDelivery.SendAsync(await item.Prepared, transport, cancellationToken);
                }
                catch (SmtpUnreachableException e)
                {
                    // The batch's other rows would fail the same way, one time-out each.
                    logger.LogWarning("{Error} {Count} mails wait for their next attempt.", e.Message, pending.Count + rows.Count - next);
                    await SettleAsync(pending);
                    foreach (var waiting in pending.Select(p => p.Row).Concat(rows.Skip(next)))
                    {
                        await RecordAsync(waiting, DeliveryResult.Retry(e.Message));
                    }
                    return rows.Count;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Mail {Id} ({Kind}) could not be composed or sent.", item.Row.Id, item.Row.Kind);
                    result = DeliveryResult.Retry(e.Message);
                }
                await RecordAsync(item.Row, result);
                pending.Dequeue();
                Fill();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await SettleAsync(pending);
            await ReleaseAsync(pending.Select(p => p.Row.Id).Concat(rows.Skip(next).Select(r => r.Id)).ToList());
            throw;
        }
        return rows.Count;
    }

    /// <summary>Decides and composes one row in a scope of its own (its own database context, so rows compose at once);
    /// the digests of a batch share the groups' news.</summary>
    private async Task<PreparedMail> PrepareAsync(OutgoingMail row, DigestNews news, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DigestBatch>().News = news;
        return await scope.ServiceProvider.GetRequiredService<MailDelivery>().PrepareAsync(row, cancellationToken);
    }

    /// <summary>Waits for rows still being composed, whatever becomes of them, so that no scope outlives the batch.</summary>
    private static async Task SettleAsync(IEnumerable<(OutgoingMail Row, Task<PreparedMail> Prepared)> pending)
    {
        foreach (var (_, prepared) in pending)
        {
            try
            {
                await prepared;
            }
            catch (Exception)
            {
                // The row is recorded or released by the caller; what composing it raised no longer matters.
            }
        }
    }

    /// <summary>Writes one row's result and ends this node's claim on it. Not cancelled: a mail that left must be recorded.
    /// An invitation's facts (its link, a credential) are dropped once it is settled (sent, withheld or failed), so that
    /// the link does not outlive its mail in the database and its backups; other rows keep theirs (a reminder's due date
    /// is what keeps it from being queued twice).</summary>
    private async Task RecordAsync(OutgoingMail row, DeliveryResult result)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = result.Status is OutgoingMailStatus.Sent or OutgoingMailStatus.Failed or OutgoingMailStatus.Queued ? row.Attempts + 1 : row.Attempts;
        var status = result.Status;
        var error = result.Error;
        var next = row.NextAttemptAt;
        if (status == OutgoingMailStatus.Queued)
        {
            if (attempts >= settings.MaxAttempts)
            {
                status = OutgoingMailStatus.Failed;
                error = $"Given up after {attempts} attempts: {error}";
            }
            else
            {
                next = now + settings.RetryDelay(attempts);
            }
        }
        error = error is { Length: > OutgoingMail.ErrorMaxLength } ? error[..OutgoingMail.ErrorMaxLength] : error;
        DateTime? sentAt = status == OutgoingMailStatus.Sent ? now : null;
        var dropsData = row.Kind == MailKinds.Invitation;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        await db.Set<OutgoingMail>().Where(m => m.Id == row.Id && m.ClaimedBy == Node).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.SentAt, sentAt)
            .SetProperty(m => m.LastError, error)
            .SetProperty(m => m.Data, m => status == OutgoingMailStatus.Queued || !dropsData ? m.Data : null)
            .SetProperty(m => m.ClaimedBy, (string?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);

        switch (status)
        {
            case OutgoingMailStatus.Sent:
                logger.LogDebug("Mail {Id} ({Kind}) sent.", row.Id, row.Kind);
                break;
            case OutgoingMailStatus.Queued:
                logger.LogWarning("Mail {Id} ({Kind}) not sent (attempt {Attempts}), tried again at {Next:u}: {Error}", row.Id, row.Kind, attempts, next, error);
                break;
            case OutgoingMailStatus.Failed:
                logger.LogError("Mail {Id} ({Kind}) failed: {Error}", row.Id, row.Kind, error);
                break;
            default:
                logger.LogDebug("Mail {Id} ({Kind}) {Status}: {Error}", row.Id, row.Kind, status, error);
                break;
        }
    }

    /// <summary>Gives rows this node claimed but did not handle back to the queue at once (the node is stopping).</summary>
    private async Task ReleaseAsync(List<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            await db.Set<OutgoingMail>().Where(m => ids.Contains(m.Id) && m.ClaimedBy == Node).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Could not release {Count} claimed mails while stopping; their claims lapse.", ids.Count);
        }
    }
}
