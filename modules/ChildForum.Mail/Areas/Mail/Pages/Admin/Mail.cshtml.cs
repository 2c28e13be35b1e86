using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Sending;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ChildForum.Mail.Areas.Mail.Pages.Admin;

/// <summary>Administrators: whether the site sends mail (and which keys to set when it does not), the outbox by status,
/// the last failures with their errors, and a test mail to an address the administrator types. The test mail is queued
/// for the administrator who asks (their language, their row on this page) and addressed to the typed address, so that
/// any inbox can be tried, e.g. one at a provider whose filters are in doubt, without an account for it.</summary>
[Authorize]
public sealed class MailAdminModel(
    ForumDbContext db,
    AccessRule access,
    IMailOutbox outbox,
    UserManager<ForumUser> users,
    SiteAddress site,
    IOptions<MailOptions> options,
    IStringLocalizer<MailResource> t) : PageModel
{
    public const int FailuresShown = 20;
    public const int AddressMaxLength = 254;

    public MailOptions Options => options.Value;
    public bool FromIsValid => MailboxAddress.TryParse(Options.From, out var from) && !string.IsNullOrEmpty(from.Domain);
    public bool SecurityIsValid => SmtpMailTransport.Security(Options.Smtp.Security) is not null;
    public bool PublicUrlIsSet => site.Configured;
    public Uri LinkBase => site.PublicUrl;

    public IReadOnlyDictionary<OutgoingMailStatus, int> Counts { get; private set; } = new Dictionary<OutgoingMailStatus, int>();
    public int Retrying { get; private set; }
    public IReadOnlyList<FailureRow> Failures { get; private set; } = [];

    [BindProperty] public string? Address { get; set; }

    /// <summary>Messages by field id (<c>address</c>).</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public sealed record FailureRow(long Id, DateTime CreatedAt, string Kind, string? Recipient, OutgoingMailStatus Status, int Attempts, string? Error);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!access.CheckSite(User).Allowed)
        {
            return Forbid();
        }
        Address = (await users.GetUserAsync(User))?.Email;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        if (!access.CheckSite(User).Allowed)
        {
            return Forbid();
        }
        var me = await users.GetUserAsync(User);
        if (me is null)
        {
            return Forbid();
        }
        Address = Address?.Trim();
        if (!Options.Enabled)
        {
            FieldErrors["address"] = t["No mail can be sent: the site has no SMTP server (see above)."];
        }
        else if (string.IsNullOrEmpty(Address))
        {
            FieldErrors["address"] = t["Enter the e-mail address to send the test mail to."];
        }
        else if (Address.Length > AddressMaxLength || !MailboxAddress.TryParse(Address, out var mailbox)
            || string.IsNullOrEmpty(mailbox.Domain) || string.IsNullOrEmpty(mailbox.LocalPart) || mailbox.Address != Address)
        {
            FieldErrors["address"] = t["Enter one e-mail address, like name@example.org."];
        }
        if (FieldErrors.Count > 0)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        outbox.Enqueue(new MailRequest(me.Id, MailKinds.Test, null, "site:test", TestMail.Data(Address!)));
        await db.SaveChangesAsync(cancellationToken);
        TempData["StatusMessage"] = t["A test mail to {0} is queued. Reload this page to see it counted as sent, or its error below.", Address!].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var mails = db.Set<OutgoingMail>().AsNoTracking();
        Counts = (await mails.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Key, c => c.Count);
        Retrying = await mails.CountAsync(m => m.Status == OutgoingMailStatus.Queued && m.Attempts > 0, cancellationToken);
        var failures = await mails
            .Where(m => m.Status == OutgoingMailStatus.Failed || (m.Status == OutgoingMailStatus.Queued && m.Attempts > 0))
            .OrderByDescending(m => m.Id).Take(FailuresShown)
            .Select(m => new { m.Id, m.CreatedAt, m.Kind, m.UserId, m.Status, m.Attempts, m.LastError })
            .ToListAsync(cancellationToken);
        var userIds = failures.Select(f => f.UserId).Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        Failures = failures.Select(f => new FailureRow(f.Id, f.CreatedAt, f.Kind, emails.GetValueOrDefault(f.UserId), f.Status, f.Attempts, f.LastError)).ToList();
    }

    public string StatusName(OutgoingMailStatus status) => status switch
    {
        OutgoingMailStatus.Queued => t["Waiting to be sent"],
        OutgoingMailStatus.Sent => t["Sent"],
        OutgoingMailStatus.Failed => t["Failed"],
        OutgoingMailStatus.Withheld => t["Withheld (the recipient's choices, or they may no longer read it)"],
        OutgoingMailStatus.Digested => t["Left for the daily digest"],
        _ => status.ToString(),
    };
}
