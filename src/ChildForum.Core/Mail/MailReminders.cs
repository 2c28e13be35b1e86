namespace ChildForum.Core.Mail;

/// <summary>Something open with a due date that a person should be reminded of: the mail module decides, in the person's
/// own time zone, whether it is due soon (<see cref="MailKinds.ActionDue"/>) or overdue (<see cref="MailKinds.ActionOverdue"/>)
/// and queues each reminder once per person, subject and due date. Implemented by the module that owns the subject, which
/// also composes the mail (<see cref="IMailComposer"/>): the request's data then holds the due date it was queued for
/// (<see cref="MailReminders.DueDate"/>), so that a reminder for a date that has since moved is not sent.</summary>
public interface IMailReminderSource
{
    /// <summary>The open subjects due on a day from <paramref name="from"/> to <paramref name="to"/> (both included), each
    /// with every person it reminds (members of the subject's group only).</summary>
    Task<IReadOnlyList<MailReminder>> DueBetweenAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <param name="Subject">What the reminder is about, as <c>type:id</c> (<c>action:12</c>).</param>
public sealed record MailReminder(string UserId, int GroupId, string Subject, DateOnly DueDate);

/// <summary>The due date a reminder was queued for, as <see cref="MailRequest.Data"/>.</summary>
public static class MailReminders
{
    private const string DateFormat = "yyyy-MM-dd";

    public static string Data(DateOnly dueDate) =>
        MailText.Data(new Dictionary<string, string> { ["due"] = dueDate.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The due date in a reminder's data, or null.</summary>
    public static DateOnly? DueDate(string? data) =>
        DateOnly.TryParseExact(MailText.String(data, "due"), DateFormat, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day : null;
}
