using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Mail.Models;
using Microsoft.Extensions.Options;

namespace ChildForum.Mail.Services;

/// <summary>Adds outbox rows to the caller's unit of work; they are committed with the change and wake the sender once
/// saved. Nothing is queued while no SMTP server is configured.</summary>
public sealed class MailOutbox(ForumDbContext db, MailSignal signal, IOptions<MailOptions> options, TimeProvider clock) : IMailOutbox
{
    private bool _subscribed;

    public void Enqueue(MailRequest request)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        if (request.Data is { Length: > OutgoingMail.DataMaxLength })
        {
            throw new ArgumentException($"Mail data is limited to {OutgoingMail.DataMaxLength} characters.", nameof(request));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new OutgoingMail
        {
            UserId = request.UserId,
            Kind = request.Kind,
            GroupId = request.GroupId,
            Subject = request.Subject,
            Data = request.Data,
            MessageKey = Guid.NewGuid(),
            CreatedAt = now,
            NextAttemptAt = now,
            Status = OutgoingMailStatus.Queued,
        });
        signal.WakeAfterSave(db, ref _subscribed);
    }
}

/// <summary>Wakes the mail sender.</summary>
public sealed class MailSignal : WakeSignal;
