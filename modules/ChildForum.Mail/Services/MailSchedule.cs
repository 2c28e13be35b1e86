using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services;

/// <summary>Work that queues mail on a clock, on every web node (the daily digest, reminders of actions): a minute after
/// start and then every five minutes, <see cref="QueueDueAsync"/> with the time; a failed round is logged and tried again
/// at the next. Nothing runs while no SMTP server is configured. Each schedule makes sure itself that two nodes never
/// queue the same mail.</summary>
public abstract class MailSchedule(IOptions<MailOptions> mail, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>How often due mail is looked for: it leaves within minutes of its time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the first look, so that a starting site is not slowed by it.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);

    /// <summary>Whether mail is sent at all (<c>Mail:Smtp:Host</c> set): nothing is queued otherwise.</summary>
    protected bool Enabled => mail.Value.Enabled;

    /// <summary>What is queued, for the log ("daily digests", "reminders").</summary>
    protected abstract string What { get; }

    /// <summary>Queues what is due at <paramref name="nowUtc"/> and returns how many mails this call queued.</summary>
    public abstract Task<int> QueueDueAsync(DateTime nowUtc, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        try
        {
            await Task.Delay(FirstDelay, clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var queued = await QueueDueAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                    if (queued > 0)
                    {
                        logger.LogInformation("Queued {Count} {What}.", queued, What);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Queuing the {What} failed; they are tried again in {Interval}.", What, Interval);
                }
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
